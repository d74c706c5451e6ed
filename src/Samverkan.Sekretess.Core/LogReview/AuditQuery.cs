namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>The DPO's search filters. Every filter is optional; together they narrow (AND).</summary>
public sealed record AuditQuery
{
    /// <summary>Personnummer or samordningsnummer of the data subject; found through the blind index, never stored.</summary>
    public string? PersonalNumber { get; init; }
    public string? UserId { get; init; }
    /// <summary>The acting user's authority.</summary>
    public Guid? ActorAuthorityId { get; init; }
    public string? CaseReference { get; init; }
    /// <summary>Exact action code, or a prefix ending in '.' (e.g. "item.").</summary>
    public string? Action { get; init; }
    /// <summary>permit or deny.</summary>
    public string? Decision { get; init; }
    public string? LegalGround { get; init; }
    public string? Purpose { get; init; }
    /// <summary>Swedish local dates, both inclusive.</summary>
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public bool FlaggedOnly { get; init; }
    public string? FlagRuleId { get; init; }
    /// <summary>With <see cref="AuditSortKey.Time"/>: oldest first instead of newest first.</summary>
    public bool OldestFirst { get; init; }
    public AuditSortKey SortBy { get; init; } = AuditSortKey.Time;
    /// <summary>Keyset cursor: the last sequence of the previous page (its sort key is looked up again, so no name travels with it).</summary>
    public long? After { get; init; }
    public int PageSize { get; init; } = 50;
}

/// <summary>
/// What the search rows are ordered by: time, or the user's name, the action or the decision (A–Ö; "deny" before "permit"),
/// the newest first within each.
/// </summary>
public enum AuditSortKey
{
    Time,
    User,
    Action,
    Decision,
}

/// <summary>One log entry as the DPO sees it: who, when, what kind of access, on which ground. Never content.</summary>
public sealed record AuditSearchRow(
    long Sequence, DateTime OccurredAt, string? ActorUserId, string? ActorName, string? ActorUnit, string? ActorAuthorityName,
    string ActorRole, string Action, string ResourceType, string? ResourceId, Guid? CaseId, string? CaseReference, Guid? PersonId,
    string Decision, string RuleIds, string? LegalGround, string? Purpose, IReadOnlyList<string> FlagRuleIds)
{
    /// <summary>Channel and address of the request ("web 10.1.2.3", "api:client 10.1.2.3", "system").</summary>
    public string? Client { get; init; }
}

/// <param name="NextAfter">Cursor for the next page, null on the last page.</param>
/// <param name="Problem">A Swedish message when the filters could not be used (e.g. an invalid personnummer).</param>
public sealed record AuditSearchPage(IReadOnlyList<AuditSearchRow> Rows, long? NextAfter, string? Problem = null);

/// <summary>What the filter form offers: the users and units in scope, the authorities, the flag rules.</summary>
public sealed record AuditSearchOptions(
    IReadOnlyList<(string Id, string Name, string Unit)> Users, IReadOnlyList<(Guid Id, string Name)> Authorities,
    IReadOnlyList<AnomalyRuleView> FlagRules, string? Unit, bool CanExport, bool CanReport);
