using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// Holds the validated policy set. Loaded once at startup; a set that fails validation throws,
/// so the application refuses to start rather than run with no or wrong rules (fail closed).
/// </summary>
public sealed class PolicyProvider
{
    public PolicyProvider(IOptions<PolicyOptions> options, ILogger<PolicyProvider> logger)
    {
        Directory = ResolveDirectory(options.Value.Directory);
        Current = PolicySet.LoadDirectory(Directory);
        logger.LogInformation("Policy set {Version} loaded from {Directory}", Current.Version, Directory);
    }

    public string Directory { get; }

    public PolicySet Current { get; }

    /// <summary>Finds the folder as given, or walking up from the working directory (dotnet run from src/ or tests).</summary>
    public static string ResolveDirectory(string configured)
    {
        if (Path.IsPathRooted(configured)) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, configured);
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }

        var fromCwd = Path.GetFullPath(configured);
        return System.IO.Directory.Exists(fromCwd)
            ? fromCwd
            : throw new DirectoryNotFoundException($"Policy folder '{configured}' not found; the application does not start without policies.");
    }
}
