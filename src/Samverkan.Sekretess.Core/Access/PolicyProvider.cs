using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Policy;
using Samverkan.Sekretess.Policy.Reloading;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// Holds the validated policy set. Loaded once at startup; a set that fails validation throws, so the
/// application refuses to start rather than run with no or wrong rules (fail closed). Later reloads swap
/// in a new set only when it validates and its golden cases pass; otherwise the old set stays (fail safe).
/// </summary>
public sealed class PolicyProvider
{
    private readonly PolicySetHolder _holder;
    private readonly ILogger<PolicyProvider> _logger;

    public PolicyProvider(IOptions<PolicyOptions> options, ILogger<PolicyProvider> logger)
    {
        _logger = logger;
        Directory = ResolveDirectory(options.Value.Directory);
        _holder = new PolicySetHolder(PolicySet.LoadDirectory(Directory));
        logger.LogInformation("Policy set {Version} loaded from {Directory}", Current.Version, Directory);
    }

    public string Directory { get; }

    /// <summary>The set in force. A request is built from and decided by the same instance (DecisionRequest.PolicySet).</summary>
    public PolicySet Current => _holder.Current;

    /// <summary>Reloads the folder; the new set is used only if it validates and its golden cases pass.</summary>
    public ReloadResult Reload()
    {
        var result = _holder.TryReload(Directory);
        if (result.Outcome == ReloadOutcome.KeptPrevious)
            _logger.LogError("Policy reload refused; keeping {Version}. Problems: {Problems}", result.ActiveVersion, string.Join(" | ", result.Errors));
        else if (result.Outcome == ReloadOutcome.Swapped)
            _logger.LogWarning("Policy set {Version} replaced {Previous}", result.ActiveVersion, result.PreviousVersion);
        return result;
    }

    /// <summary>Finds the folder as given, or walking up from the app's folder (dotnet run from src/ or tests).</summary>
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
