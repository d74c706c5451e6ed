namespace Samverkan.Sekretess.Policy.GoldenCases;

/// <summary>The outcome of one golden case: did the engine give the expected decision and reasons?</summary>
public sealed record GoldenCaseResult(string File, int Line, string Name, bool Passed, string? Failure)
{
    /// <inheritdoc />
    public override string ToString() => Passed ? $"ok   {Name}" : $"FAIL {File}:{Line}: {Name}: {Failure}";
}

/// <summary>All golden-case results plus coverage: every rule and every ground needs at least one case.</summary>
public sealed record GoldenCaseReport(
    IReadOnlyList<GoldenCaseResult> Results,
    IReadOnlyList<PolicyError> LoadErrors,
    IReadOnlyList<string> UncoveredRules,
    IReadOnlyList<string> UncoveredGrounds)
{
    /// <summary>True when every case passed, every file loaded and nothing is uncovered.</summary>
    public bool Passed => LoadErrors.Count == 0 && UncoveredRules.Count == 0 && UncoveredGrounds.Count == 0 && Results.All(r => r.Passed);

    /// <summary>Every problem as a printable line (failures, load errors, coverage gaps).</summary>
    public IEnumerable<string> Problems() =>
        Results.Where(r => !r.Passed).Select(r => r.ToString())
            .Concat(LoadErrors.Select(e => e.ToString()))
            .Concat(UncoveredRules.Select(r => $"regeln {r} saknar golden case"))
            .Concat(UncoveredGrounds.Select(g => $"grunden {g} saknar golden case (expect.ground)"));
}
