namespace Samverkan.Sekretess.Core.Cases;

/// <summary>
/// One commitment in the joint action plan (åtgärdsplan / åtagandeplan): what, who, by when, status.
/// Owned by the authority that committed to it; only that authority may change it.
/// </summary>
internal sealed class ActionPlanEntry
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid OwnerAuthorityId { get; set; }
    public string WhatCipher { get; set; } = "";
    public string ResponsibleCipher { get; set; } = "";
    public DateOnly DueDate { get; set; }
    /// <summary>One of <see cref="ActionPlanStatuses"/>.</summary>
    public string Status { get; set; } = ActionPlanStatuses.Planned;
    public DateTime CreatedAt { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}

public static class ActionPlanStatuses
{
    public const string Planned = "planerad";
    public const string Ongoing = "pagar";
    public const string Done = "klar";
    public const string Cancelled = "avbruten";
    public static readonly IReadOnlyList<string> All = [Planned, Ongoing, Done, Cancelled];
}
