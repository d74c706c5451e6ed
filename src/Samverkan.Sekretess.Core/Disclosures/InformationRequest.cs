namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// A begäran: one participating authority asks another for information in a case. The owner decides: it answers by
/// disclosing on a ground (initiative on_request) or declines with a reason. The request text is encrypted.
/// </summary>
internal sealed class InformationRequest
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid FromAuthorityId { get; set; }
    public Guid ToAuthorityId { get; set; }
    public string RequestedByUserId { get; set; } = "";
    public string WhatCipher { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>One of <see cref="InformationRequestStatuses"/>.</summary>
    public string Status { get; set; } = InformationRequestStatuses.Open;
    public string? DecidedByUserId { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionNoteCipher { get; set; }
}

public static class InformationRequestStatuses
{
    public const string Open = "oppen";
    public const string Answered = "besvarad";
    public const string Declined = "avslagen";
}
