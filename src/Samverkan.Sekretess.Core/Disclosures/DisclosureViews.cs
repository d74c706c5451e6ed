namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// Everything the "Dela med …" page shows: the item, the recipients it can go to, a preview of exactly what the
/// chosen recipient would see, and the grounds whose parties fit (consent only when a recorded consent covers it).
/// </summary>
public sealed record ShareForm(
    Guid ResourceId, string ResourceType, Guid CaseId, string CaseReference, string Category, string CategoryName,
    string Title, IReadOnlyList<RecipientOption> Recipients, RecipientOption? Recipient, SharePreview? Preview,
    IReadOnlyList<GroundOption> Grounds, IReadOnlyList<InformationRequestView> OpenRequests)
{
    /// <summary>The names of the persons the record is about (each one's consent counts for their own data).</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>When no recorded consent covers the record for the chosen recipient: whose consent is missing or does not cover it.</summary>
    public IReadOnlyList<string> MissingConsentFrom { get; init; } = [];
}

public sealed record RecipientOption(Guid Id, string Name, string Kind, string RegimeLabel, string Protection, string Warning, bool AlreadyShared);

/// <summary>
/// What the recipient will see: <see cref="Content"/>, made by the same function as the recipient's own view; and, when the
/// record has contact or location details, <see cref="WithContact"/> — what it sees if the box is ticked (and, for a person
/// with protected personal data, a second official approves).
/// </summary>
/// <remarks>
/// <see cref="HasContact"/>: the record has contact details that may be ticked. <see cref="WithContact"/>: what the recipient would
/// see with them ticked, or null when the discloser's own read hides them (protected identity, ITEM-R-003).
/// </remarks>
public sealed record SharePreview(DisclosedContent Content, DisclosedContent? WithContact, bool ContactSuppressedByDefault, string ContactNotice,
    string RecipientRegime, string? Warning, bool HasContact);

/// <summary>A ground the official may choose, with the fields it requires (from the catalogue and the vocabulary).</summary>
public sealed record GroundOption(
    string Key, string Title, string Provision, string Description, bool Unverified, bool AnteckningRequired,
    IReadOnlyList<GroundField> Fields, IReadOnlyList<ConsentChoice> Consents);

/// <summary>One input a ground needs. <see cref="Type"/>: bool, int or choice (with <see cref="Choices"/>).</summary>
public sealed record GroundField(string Attribute, string Label, string Type, IReadOnlyList<string> Choices);

/// <summary>One consent, or one consent from each person the record is about (<see cref="Ids"/>), that together permit the disclosure.</summary>
public sealed record ConsentChoice(IReadOnlyList<Guid> Ids, string Summary)
{
    /// <summary>The form's value for the choice: the ids, comma-separated.</summary>
    public string Value => string.Join(',', Ids);
}

/// <summary>
/// The official's decision to disclose. <see cref="ConsentIds"/>: the consents it rests on (one per person the record is
/// about). <see cref="RequestKey"/> is the form's double-submit token: a doubled submit writes one record.
/// </summary>
public sealed record DiscloseCommand(
    Guid RecipientAuthorityId,
    string? Ground,
    IReadOnlyList<Guid>? ConsentIds,
    IReadOnlyDictionary<string, string> GroundAttributes,
    string? Assessment,
    string? Initiative,
    string? Channel,
    bool IncludeContactDetails,
    Guid? InformationRequestId,
    Guid RequestKey);

/// <summary>A disclosure as the parties of the case see it (sender and recipient only).</summary>
public sealed record DisclosureView(
    Guid Id, Guid ResourceId, string ResourceType, string Category, string SenderName, string RecipientName, string Ground, string GroundTitle,
    DateTime DecidedAt, string DecidedByName, bool AnteckningRequired, string RecipientRegime, string Channel, string Initiative,
    string? Assessment, DateTime? EndedAt, string? EndReason, bool Outgoing)
{
    /// <summary>Waits for a second official's approval (protected contact details); not yet visible to the recipient.</summary>
    public bool PendingSecondApproval { get; init; }

    /// <summary>The caller may approve it as the second official.</summary>
    public bool MayApprove { get; init; }

    public bool IncludesContactDetails { get; init; }
}

/// <summary>The sharing part of a case for the caller's authority.</summary>
public sealed record CaseDisclosures(
    Guid CaseId, string CaseReference, IReadOnlyList<DisclosureView> Disclosures, IReadOnlyList<InformationRequestView> Requests,
    IReadOnlyList<Consents.AuthorityOption> OtherParticipants, bool MayRequest);

public sealed record InformationRequestView(
    Guid Id, Guid CaseId, string FromName, string ToName, string What, DateTime CreatedAt, string Status, string? DecisionNote, bool Incoming);

/// <summary>Thrown when the policy refuses a disclosure the caller owns: the reasons are safe to show (they are the policies' own words).</summary>
public sealed class DisclosureRefusedException : Exception
{
    public DisclosureRefusedException() { }
    public DisclosureRefusedException(string message) : base(message) { }
    public DisclosureRefusedException(string message, Exception inner) : base(message, inner) { }
    public IReadOnlyList<string> Reasons { get; init; } = [];
}
