namespace Samverkan.Sekretess.Core.LogReview;

public sealed record ReviewerOption(string UserId, string Name);

public sealed record ReviewRoundSummary(Guid Id, string Period, string Unit, string AssignedToName, string Status, int Items, int Decided,
    int NeedsExplanation, int Incidents, DateTime CreatedAt, DateTime? SignedAt);

public sealed record ReviewItemView(Guid Id, string Source, AuditSearchRow? Entry, string? Outcome, string? Note, DateTime? DecidedAt, string? DecidedByName);

public sealed record ReviewRoundView(Guid Id, string Period, string Unit, string AssignedToUserId, string AssignedToName, string Status,
    string? SignedByName, DateTime? SignedAt, string? SignOffNote, IReadOnlyList<ReviewItemView> Items, IReadOnlyList<ReviewerOption> Reviewers,
    IReadOnlyList<AnomalyRuleView> Rules)
{
    public bool IsOpen => Status == ReviewStatuses.Open;
    public int Undecided => Items.Count(i => i.Outcome is null);
}

public sealed record WeekCount(DateOnly WeekStart, int Count);

/// <summary>The loggkontroll dashboard: flags per week (12 weeks), reviews by status, outcomes, flags per rule.</summary>
public sealed record ReviewDashboard(
    IReadOnlyList<WeekCount> FlagsPerWeek, int OpenRounds, int SignedRounds, IReadOnlyList<(string Outcome, int Count)> Outcomes,
    IReadOnlyList<(AnomalyRuleView Rule, int Count)> FlagsByRule, IReadOnlyList<ReviewRoundSummary> Rounds, IReadOnlyList<string> Units,
    IReadOnlyList<ReviewerOption> Reviewers, string? OwnUnit);

/// <summary>One period's loggkontroll for the authority, for printing (print stylesheet → "Spara som PDF").</summary>
public sealed record PeriodReport(string Period, string AuthorityName, DateTime GeneratedAt, IReadOnlyList<ReviewRoundSummary> Rounds,
    IReadOnlyList<(AnomalyRuleView Rule, int Count)> FlagsByRule, IReadOnlyList<ReviewItemView> Findings, int EntriesInPeriod);

public sealed record ReviewResult(bool Succeeded, string? Error = null, Guid? Id = null);
