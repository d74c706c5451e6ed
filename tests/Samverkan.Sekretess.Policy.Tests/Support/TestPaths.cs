namespace Samverkan.Sekretess.Policy.Tests.Support;

/// <summary>Finds the repository and the shared benchmark folder by walking up from the test binaries.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindUp(d => File.Exists(Path.Combine(d, "policies", "schema", "vocabulary.yaml")) && File.Exists(Path.Combine(d, "Directory.Packages.props")))
        ?? throw new InvalidOperationException("Hittar inte repots rot (policies/schema/vocabulary.yaml).");

    public static string Policies => Path.Combine(RepoRoot, "policies");

    /// <summary>
    /// <c>&lt;repo&gt;/../shared/bench/abac</c>: the shared folder is a sibling of the repository
    /// (or of one of its parents, e.g. when the repo is a worktree), never inside it.
    /// </summary>
    public static string? SharedBench { get; } = FindUp(d => Directory.Exists(Path.Combine(d, "shared", "bench", "abac")))
        is { } parent ? Path.Combine(parent, "shared", "bench", "abac") : null;

    private static string? FindUp(Func<string, bool> match)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (match(dir.FullName)) return dir.FullName;
        return null;
    }
}
