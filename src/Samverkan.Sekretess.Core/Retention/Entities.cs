namespace Samverkan.Sekretess.Core.Retention;

/// <summary>
/// A gallringsomgång: one authority's monthly dry-run list of records due for thinning (or archive delivery), proposed by
/// the authority's system account and approved or rejected by its arkivarie. Nothing is removed without an approved run.
/// Carries ids, categories, dates and counts only — never content or names.
/// </summary>
internal sealed class ThinningRun
{
    public Guid Id { get; set; }
    public Guid AuthorityId { get; set; }
    /// <summary>The month the proposal was made for (yyyy-MM); one run per authority and period.</summary>
    public string Period { get; set; } = "";
    /// <summary>One of <see cref="ThinningRunStatuses"/>.</summary>
    public string Status { get; set; } = ThinningRunStatuses.Proposed;
    /// <summary>The authority's thinning decision (gallringsbeslut) the run relies on, from the plan.</summary>
    public string DecisionReference { get; set; } = "";
    /// <summary>sha256 of the document-management plan the candidates were computed from.</summary>
    public string PlanVersion { get; set; } = "";
    public DateTime ProposedAt { get; set; }
    public string? DecidedByUserId { get; set; }
    public DateTime? DecidedAt { get; set; }
    /// <summary>The arkivarie's note on approval or rejection, encrypted (free text).</summary>
    public string? DecisionNoteCipher { get; set; }
    public DateTime? ExecutedAt { get; set; }
    /// <summary>Records the plan would thin but a hold stopped, per hold kind, at proposal time (numbers only).</summary>
    public int HeldOpenCase { get; set; }
    public int HeldLegalHold { get; set; }
    public int HeldResearchSample { get; set; }
    public int HeldExemptType { get; set; }
    public List<ThinningCandidate> Candidates { get; set; } = [];
}

public static class ThinningRunStatuses
{
    public const string Proposed = "foreslagen";
    public const string Approved = "godkand";
    public const string Rejected = "avslagen";
    public const string Executed = "verkstalld";
}

/// <summary>One record on a run's list, with its own state so that a retried execution never acts twice.</summary>
internal sealed class ThinningCandidate
{
    public Guid Id { get; set; }
    public Guid RunId { get; set; }
    /// <summary>One of <see cref="RetentionRecordTypes"/>.</summary>
    public string ResourceType { get; set; } = "";
    public Guid ResourceId { get; set; }
    /// <summary>The plan's document key: a category (S1, K1 …, AP) or samtycke / utlamnande / anteckning.</summary>
    public string Document { get; set; } = "";
    public string ClassId { get; set; } = "";
    public Guid CaseId { get; set; }
    public string CaseReference { get; set; } = "";
    public Guid PersonId { get; set; }
    public DateOnly EligibleAt { get; set; }
    public DateOnly? DueBy { get; set; }
    /// <summary>gallra (remove) or bevara (deliver an archive package, then remove).</summary>
    public string Disposition { get; set; } = "";
    /// <summary>One of <see cref="CandidateStates"/>.</summary>
    public string State { get; set; } = CandidateStates.Pending;
    public DateTime? DoneAt { get; set; }
    /// <summary>For bevara: the package folder (relative to the archive root) and the manifest's sha256.</summary>
    public string? ArchivePath { get; set; }
    public string? ArchiveSha256 { get; set; }
}

public static class CandidateStates
{
    public const string Pending = "vantar";
    public const string Thinned = "gallrad";
    public const string Delivered = "levererad";
    /// <summary>A hold placed after the proposal (or a reopened case) stopped it at execution time.</summary>
    public const string Held = "stoppad";
    /// <summary>The record was already gone (another run, a retry) — nothing done twice.</summary>
    public const string Gone = "saknas";
}

public static class Dispositions
{
    public const string Thin = "gallra";
    public const string Keep = "bevara";
}

public static class RetentionRecordTypes
{
    public const string Item = "item";
    public const string ActionPlan = "action_plan";
    public const string Consent = "consent";
    public const string Disclosure = "disclosure";
}

/// <summary>
/// A gallringsnotering (tombstone): what was thinned, by whom, when and on which decision — no content, no names, no
/// personnummer. The audit chain and the disclosure register keep pointing at ids that this row explains.
/// </summary>
internal sealed class ThinningTombstone
{
    public Guid Id { get; set; }
    public string ResourceType { get; set; } = "";
    public Guid ResourceId { get; set; }
    public string Document { get; set; } = "";
    public Guid OwnerAuthorityId { get; set; }
    public Guid CaseId { get; set; }
    public Guid RunId { get; set; }
    public string Disposition { get; set; } = "";
    public string DecisionReference { get; set; } = "";
    public DateTime ThinnedAt { get; set; }
    /// <summary>For bevara: where the archive package was delivered (relative path) and its manifest hash.</summary>
    public string? ArchivePath { get; set; }
    public string? ArchiveSha256 { get; set; }
}

/// <summary>
/// A gallringsstopp: the DPO or the arkivarie stops thinning of the own authority's records about a case or a person
/// while a JO or IMY matter, an access request (registerutdrag) or similar is ongoing. Placed and lifted with a reason
/// and a reference; both are audited. Execution re-checks holds, so a hold placed after approval wins.
/// </summary>
internal sealed class LegalHold
{
    public Guid Id { get; set; }
    public Guid AuthorityId { get; set; }
    public Guid? CaseId { get; set; }
    public Guid? PersonId { get; set; }
    /// <summary>One of <see cref="LegalHoldKinds"/>.</summary>
    public string Kind { get; set; } = "";
    /// <summary>Diarienummer or similar (e.g. "JO 1234-2026"); must not contain personal data.</summary>
    public string Reference { get; set; } = "";
    /// <summary>Why, in free text, encrypted.</summary>
    public string ReasonCipher { get; set; } = "";
    public string PlacedByUserId { get; set; } = "";
    public DateTime PlacedAt { get; set; }
    public string? LiftedByUserId { get; set; }
    public DateTime? LiftedAt { get; set; }
}

public static class LegalHoldKinds
{
    public const string Jo = "jo";
    public const string Imy = "imy";
    public const string AccessRequest = "registerutdrag";
    public const string Other = "annat";
    public static readonly IReadOnlyList<string> All = [Jo, Imy, AccessRequest, Other];

    public static string Swedish(string kind) => kind switch
    {
        Jo => "Ärende hos JO",
        Imy => "Ärende hos IMY",
        AccessRequest => "Begäran om registerutdrag",
        _ => "Annat",
    };
}

/// <summary>Document types an item can carry, for the plan's exemptions (e.g. paternity investigations are never thinned).</summary>
public static class DocumentTypes
{
    public const string Paternity = "faderskapsutredning";
    public const string Adoption = "adoptionsutredning";
    public const string Placement = "placering";
    public static readonly IReadOnlyList<string> All = [Paternity, Adoption, Placement];
}
