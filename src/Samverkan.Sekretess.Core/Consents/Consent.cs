namespace Samverkan.Sekretess.Core.Consents;

/// <summary>
/// A samtycke: the data subject's waiver of the secrecy that protects them (OSL 10 kap. 1 §, 12 kap. 2–3 §§),
/// stored on its own and never used as the GDPR legal basis. It covers one subject's own data only; its scope
/// (senders, named recipients, categories, programme, validity) is what the PDP checks on every disclosure.
/// Withdrawal blocks future disclosures at once and ends the shares that rest on it; past disclosures stay recorded.
/// </summary>
internal sealed class Consent
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid SubjectPersonId { get; set; }
    public List<Guid> SenderAuthorityIds { get; set; } = [];
    public List<Guid> RecipientAuthorityIds { get; set; } = [];
    public List<string> Categories { get; set; } = [];
    /// <summary>The programme the consent is for (SSPF, SIG, BOB, AVHOPP, UTSATTA); must match the case's.</summary>
    public string Purpose { get; set; } = "";
    public DateTime ValidFrom { get; set; }
    public DateTime ValidTo { get; set; }
    public bool GivenBySubject { get; set; }
    /// <summary>The recorded guardians who consented.</summary>
    public List<Guid> ConsentingGuardianIds { get; set; } = [];
    /// <summary>The child's maturity assessment in relation to this question (JO), encrypted.</summary>
    public string? MaturityAssessmentCipher { get; set; }
    /// <summary>Why one guardian's consent is enough under joint custody (minor matter), encrypted; null when not claimed.</summary>
    public string? CustodyExceptionCipher { get; set; }
    /// <summary>skriftligt or muntligt.</summary>
    public string Form { get; set; } = "";
    public bool InformedOfConsequences { get; set; }
    public bool InformedOfRightToWithdraw { get; set; }
    public Guid RecordedByAuthorityId { get; set; }
    public string RecordedByUserId { get; set; } = "";
    public DateTime RecordedAt { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public string? WithdrawnByUserId { get; set; }
    public string? WithdrawalNoteCipher { get; set; }
    /// <summary>When the consent-expiry job recorded that the validity period had run out (the PDP already treats it as expired).</summary>
    public DateTime? LapsedAt { get; set; }
    /// <summary>The signed form (PDF or image), encrypted; null for an oral consent.</summary>
    public byte[]? AttachmentCipher { get; set; }
    public string? AttachmentContentType { get; set; }
}

public static class ConsentForms
{
    public const string Written = "skriftligt";
    public const string Oral = "muntligt";
    public static readonly IReadOnlyList<string> All = [Written, Oral];
}
