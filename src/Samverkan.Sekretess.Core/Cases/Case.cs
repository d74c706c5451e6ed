namespace Samverkan.Sekretess.Core.Cases;

/// <summary>An ärende: one collaboration case about one data subject.</summary>
internal sealed class Case
{
    public Guid Id { get; set; }
    /// <summary>Human reference such as "SIG-2026-0001"; contains no personal data.</summary>
    public string Reference { get; set; } = "";
    /// <summary>One of <see cref="CaseTypes"/>.</summary>
    public string Type { get; set; } = "";
    /// <summary>One of <see cref="CaseStatuses"/>.</summary>
    public string Status { get; set; } = CaseStatuses.Open;
    public Guid LeadAuthorityId { get; set; }
    public Guid SubjectPersonId { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public DateTime? ClosedAt { get; set; }
    /// <summary>Optimistic concurrency: changes on every write, so two editors cannot overwrite each other.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
    public List<CaseParticipant> Participants { get; set; } = [];
    public List<CaseMember> Members { get; set; } = [];
    public List<ActionPlanEntry> ActionPlan { get; set; } = [];
    public List<InformationItem> Items { get; set; } = [];
}
