using Samverkan.Sekretess.Policy.GoldenCases;

namespace Samverkan.Sekretess.Policy.Reloading;

/// <summary>
/// Holds the active <see cref="PolicySet"/> and swaps in a new one only when it validates and, by
/// default, passes its golden cases. A failed reload keeps the old set (fail safe, not fail open)
/// and reports why; the caller logs and audits it. No file watching here: the host decides when.
/// </summary>
public sealed class PolicySetHolder
{
    private readonly Lock _reloadLock = new();
    private PolicySet _current;

    /// <summary>Starts with an already validated set (the application refuses to start without one).</summary>
    public PolicySetHolder(PolicySet initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>The active set. Build each request from, and decide it with, the same instance.</summary>
    public PolicySet Current => Volatile.Read(ref _current);

    /// <summary>Loads <paramref name="directory"/> and swaps it in if it validates (and its golden cases pass).</summary>
    public ReloadResult TryReload(string directory, bool requireGoldenCases = true)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return TryReload(() => PolicySet.LoadDirectory(directory), requireGoldenCases ? set => GoldenCaseRunner.RunDirectory(directory, set) : null);
    }

    /// <summary>Swaps in the set from <paramref name="load"/> if it loads and <paramref name="goldenCases"/> (if given) pass.</summary>
    public ReloadResult TryReload(Func<PolicySet> load, Func<PolicySet, GoldenCaseReport>? goldenCases = null)
    {
        ArgumentNullException.ThrowIfNull(load);
        lock (_reloadLock)   // one reload at a time; readers never wait
        {
            var previous = Current;
            PolicySet candidate;
            try
            {
                candidate = load();
            }
            catch (PolicyValidationException ex)
            {
                return ReloadResult.Kept(previous, ex.Errors.Select(e => e.ToString()).ToList());
            }

            if (goldenCases?.Invoke(candidate) is { Passed: false } report)
                return ReloadResult.Kept(previous, [.. report.Problems()]);
            if (candidate.Version == previous.Version)
                return new ReloadResult(ReloadOutcome.Unchanged, previous.Version, previous.Version, []);

            Volatile.Write(ref _current, candidate);
            return new ReloadResult(ReloadOutcome.Swapped, candidate.Version, previous.Version, []);
        }
    }
}

/// <summary>What a reload did.</summary>
public enum ReloadOutcome
{
    /// <summary>The new set is active.</summary>
    Swapped,

    /// <summary>The files had the same version; nothing changed.</summary>
    Unchanged,

    /// <summary>The new set was invalid or failed its golden cases; the old set is still active.</summary>
    KeptPrevious,
}

/// <summary>The outcome of a reload, with every reason when the old set was kept.</summary>
public sealed record ReloadResult(ReloadOutcome Outcome, string ActiveVersion, string PreviousVersion, IReadOnlyList<string> Errors)
{
    internal static ReloadResult Kept(PolicySet previous, IReadOnlyList<string> errors) =>
        new(ReloadOutcome.KeptPrevious, previous.Version, previous.Version, errors);
}
