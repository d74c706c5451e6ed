namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// An utlämnande: the only way an item or action-plan entry becomes visible outside its owning authority.
/// It records the ground and its attribute values, the discloser's assessment, the deciding official and whether an
/// anteckning (OSF 5 §) is required, and re-labels the item under the recipient's own secrecy regime (OSL 11 kap.).
/// Never updated except to record that the share ended (consent withdrawn or expired); the record itself stays.
/// </summary>
internal sealed class Disclosure
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    /// <summary>The disclosed information item or action-plan entry.</summary>
    public Guid ResourceId { get; set; }
    /// <summary>item or action_plan.</summary>
    public string ResourceType { get; set; } = "";
    public string Category { get; set; } = "";
    public Guid SenderAuthorityId { get; set; }
    public Guid RecipientAuthorityId { get; set; }
    /// <summary>Key in the legal-ground catalogue (CONSENT, 18a, 27 …).</summary>
    public string Ground { get; set; } = "";
    /// <summary>The consent of the case's own person (or the only one); all consents are in <see cref="DisclosureConsent"/>.</summary>
    public Guid? ConsentId { get; set; }
    /// <summary>The ground's attribute values as the official gave them (JSON object, no personal data).</summary>
    public string GroundAttributesJson { get; set; } = "{}";
    /// <summary>The discloser's own assessment in the individual case, encrypted.</summary>
    public string? AssessmentCipher { get; set; }
    /// <summary>on_request or own_initiative.</summary>
    public string Initiative { get; set; } = "";
    /// <summary>system, meeting or phone.</summary>
    public string Channel { get; set; } = "";
    public string DecidedByUserId { get; set; } = "";
    public DateTime DecidedAt { get; set; }
    public bool AnteckningRequired { get; set; }
    /// <summary>The recipient's own regime that protects the item there (policies/labels.yaml).</summary>
    public string RecipientRegime { get; set; } = "";
    public string? SecondApproverUserId { get; set; }
    /// <summary>
    /// Protected contact or location details were included: the disclosure waits, inactive, until a second official of
    /// the same authority approves it (OSL 21:3, legal brief §4.6). Nothing reaches the recipient before that.
    /// </summary>
    public bool PendingSecondApproval { get; set; }
    public string PolicySetVersion { get; set; } = "";
    public string RuleIds { get; set; } = "";
    /// <summary>The information request (begäran) this answers, if any.</summary>
    public Guid? InformationRequestId { get; set; }
    /// <summary>
    /// The discloser ticked the contact and location details: only then does the recipient see them (and for a person
    /// with protected personal data only after the second approver).
    /// </summary>
    public bool IncludesContact { get; set; }
    /// <summary>
    /// What the recipient sees, exactly as the discloser's preview listed it (<see cref="DisclosedContent"/>), encrypted.
    /// Later edits of the record do not reach the recipient without a new disclosure. Null for disclosures made before
    /// the content was kept; those are rendered from the record by the same function.
    /// </summary>
    public string? ContentCipher { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? EndReason { get; set; }
}

public static class DisclosureChannels
{
    public const string System = "system";
    public const string Meeting = "meeting";
    public const string Phone = "phone";
    public static readonly IReadOnlyList<string> All = [System, Meeting, Phone];
}

public static class DisclosureInitiatives
{
    public const string OnRequest = "on_request";
    public const string OwnInitiative = "own_initiative";
    public static readonly IReadOnlyList<string> All = [OnRequest, OwnInitiative];
}
