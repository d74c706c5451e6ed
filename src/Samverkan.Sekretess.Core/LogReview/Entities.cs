namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>An anomaly rule's mark on one audit entry: "look at this". Ids only; the rule explains itself in Swedish.</summary>
internal sealed class AuditFlag
{
    public long Id { get; set; }
    public long Sequence { get; set; }
    /// <summary>Id of the rule in policies/log-review/anomaly-rules.yaml.</summary>
    public string RuleId { get; set; } = "";
    /// <summary>lag, medel or hog.</summary>
    public string Severity { get; set; } = "";
    public DateTime FlaggedAt { get; set; }
}

/// <summary>How far the anomaly scan has come (one row): rules run once per entry, in sequence order.</summary>
internal sealed class AnomalyScanState
{
    public int Id { get; set; }
    public long LastSequence { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A keyed hash (HMAC, blind-index key, own domain prefix) of a surname or address of a data subject or a
/// staff member, so that a personal link can be found by comparing hashes without decrypting names in bulk.
/// </summary>
internal sealed class LinkHash
{
    public long Id { get; set; }
    /// <summary>person or user.</summary>
    public string OwnerType { get; set; } = "";
    public string OwnerId { get; set; } = "";
    /// <summary>surname or address.</summary>
    public string Kind { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>One loggkontroll: a unit's entries for one month (random sample plus every flagged entry), one reviewer, one sign-off.</summary>
internal sealed class ReviewRound
{
    public Guid Id { get; set; }
    public Guid AuthorityId { get; set; }
    public string Unit { get; set; } = "";
    /// <summary>yyyy-MM (Swedish local months).</summary>
    public string Period { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public string AssignedToUserId { get; set; } = "";
    /// <summary>open or signed.</summary>
    public string Status { get; set; } = ReviewStatuses.Open;
    public DateTime? SignedAt { get; set; }
    public string? SignedByUserId { get; set; }
    public string? SignOffNoteCipher { get; set; }
    public List<ReviewItem> Items { get; set; } = [];
}

internal sealed class ReviewItem
{
    public Guid Id { get; set; }
    public Guid RoundId { get; set; }
    public long Sequence { get; set; }
    /// <summary>sample or flag.</summary>
    public string Source { get; set; } = "";
    /// <summary>null until decided; ok, needs_explanation or incident.</summary>
    public string? Outcome { get; set; }
    public string? NoteCipher { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedByUserId { get; set; }
}

/// <summary>A registerutdrag (GDPR art. 15): which person, up to which entry, what was withheld and whether staff names were released.</summary>
internal sealed class AccessReportRecord
{
    public Guid Id { get; set; }
    public Guid AuthorityId { get; set; }
    public Guid PersonId { get; set; }
    /// <summary>The report covers entries up to this sequence, so it can be reproduced exactly later.</summary>
    public long UpToSequence { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public bool StaffIdentitiesReleased { get; set; }
    public DateTime? ReleasedAt { get; set; }
    public string? ReleasedByUserId { get; set; }
    public List<AccessReportWithholding> Withholdings { get; set; } = [];
}

/// <summary>One entry withheld from a registerutdrag after secrecy screening, with the provision.</summary>
internal sealed class AccessReportWithholding
{
    public Guid Id { get; set; }
    public Guid ReportId { get; set; }
    public long Sequence { get; set; }
    /// <summary>Key of a screening rule (policies/log-review/access-report-screening.yaml) or "manual".</summary>
    public string RuleId { get; set; } = "";
    public string Provision { get; set; } = "";
    /// <summary>line (the whole entry is withheld) or categories (only the screened categories are left out of the line).</summary>
    public string Scope { get; set; } = WithholdingScopes.Line;
    public bool Automatic { get; set; }
}

public static class ReviewStatuses
{
    public const string Open = "open";
    public const string SignedOff = "signed";
}

public static class ReviewOutcomes
{
    public const string Ok = "ok";
    public const string NeedsExplanation = "needs_explanation";
    public const string Incident = "incident";
    public static readonly IReadOnlyList<string> All = [Ok, NeedsExplanation, Incident];
}

public static class WithholdingScopes
{
    public const string Line = "line";
    public const string Categories = "categories";
}

public static class ReviewSources
{
    public const string Sample = "sample";
    public const string Flag = "flag";
}
