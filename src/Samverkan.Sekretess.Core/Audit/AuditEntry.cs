namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// One entry of the append-only, hash-chained audit log. It names people and cases only by
/// pseudonymous ids, never by personnummer or name, and holds no case content.
/// </summary>
internal sealed class AuditEntry
{
    /// <summary>Gap-free position in the chain, assigned under the chain lock.</summary>
    public long Sequence { get; set; }
    /// <summary>UTC, truncated to microseconds so every provider stores exactly what was hashed.</summary>
    public DateTime OccurredAt { get; set; }
    public string? ActorUserId { get; set; }
    public Guid? ActorAuthorityId { get; set; }
    public string ActorRole { get; set; } = "";
    public string Action { get; set; } = "";
    public string ResourceType { get; set; } = "";
    public string? ResourceId { get; set; }
    /// <summary>The authority that owns the resource, so each party's DPO sees its own entries.</summary>
    public Guid? ResourceAuthorityId { get; set; }
    public Guid? CaseId { get; set; }
    public Guid? PersonId { get; set; }
    /// <summary>Ids of the information items actually returned or written (comma-separated).</summary>
    public string ItemIds { get; set; } = "";
    public string Decision { get; set; } = "";
    public string RuleIds { get; set; } = "";
    public string? LegalGround { get; set; }
    public string? Purpose { get; set; }
    public string PolicyVersion { get; set; } = "";
    /// <summary>
    /// Where the request came from: channel and address, e.g. "web 10.1.2.3", "api:client-id 10.1.2.3", "system" (jobs,
    /// startup). Staff's client, never the data subject's. Hashed only when present, so entries from before it existed verify.
    /// </summary>
    public string? Client { get; set; }
    public string PreviousHash { get; set; } = "";
    /// <summary>
    /// Which canonical form <see cref="Hash"/> covers (AuditHasher): 1 for entries written before version 2 existed
    /// (the migration gives them 1), <see cref="AuditHasher.CurrentVersion"/> for every new one.
    /// </summary>
    public short HashVersion { get; set; } = AuditHasher.CurrentVersion;
    public string Hash { get; set; } = "";
}
