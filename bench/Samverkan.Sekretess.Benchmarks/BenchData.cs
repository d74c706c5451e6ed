using System.Text.Json;
using Samverkan.Sekretess.Benchmarks.Reference;
using Samverkan.Sekretess.Benchmarks.Workload;

namespace Samverkan.Sekretess.Benchmarks;

/// <summary>Locates the repository and shared workload, and loads both engines' request forms once per process.</summary>
internal static class BenchData
{
    private static readonly Lazy<(AbacWorkload Engine, Req[] Reference)> Loaded = new(Load);

    public static AbacWorkload Engine => Loaded.Value.Engine;

    public static Req[] Reference => Loaded.Value.Reference;

    /// <summary><c>SAMVERKAN_ABAC_DIR</c>, else <c>shared/bench/abac</c> found by walking up from the binaries.</summary>
    public static string AbacDirectory =>
        Environment.GetEnvironmentVariable("SAMVERKAN_ABAC_DIR")
        ?? FindUp(d => Directory.Exists(Path.Combine(d, "shared", "bench", "abac")), "shared/bench/abac") + "/shared/bench/abac";

    public static string RepoRoot =>
        FindUp(d => File.Exists(Path.Combine(d, "policies", "schema", "vocabulary.yaml")) && File.Exists(Path.Combine(d, "Directory.Packages.props")), "policies/schema/vocabulary.yaml + Directory.Packages.props");

    private static (AbacWorkload, Req[]) Load()
    {
        var engine = AbacWorkload.Load(AbacDirectory, Path.Combine(RepoRoot, "bench", "policies"));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AbacDirectory, "requests.json")));
        var store = Model.Build(doc.RootElement.GetProperty("entities").EnumerateArray());
        var reference = doc.RootElement.GetProperty("requests").EnumerateArray().Select(q => Model.BuildRequest(q, store)).ToArray();
        return (engine, reference);
    }

    private static string FindUp(Func<string, bool> match, string what)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (match(dir.FullName)) return dir.FullName;
        throw new InvalidOperationException($"Hittar inte {what} ovanför {AppContext.BaseDirectory}.");
    }
}
