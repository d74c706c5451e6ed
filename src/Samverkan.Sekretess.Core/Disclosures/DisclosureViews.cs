namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// Everything the "Dela med …" page shows: the item, the recipients it can go to, a preview of exactly what the
/// chosen recipient would see, and the grounds whose parties fit (consent only when a recorded consent covers it).
/// </summary>
public sealed record ShareForm(
    Guid ResourceId, string ResourceType, Guid CaseId, string CaseReference, string Category, string CategoryName,
    string Title, IReadOnlyList<RecipientOption> Recipients, RecipientOption? Recipient, SharePreview? Preview,
    IReadOnlyList<GroundOption> Grounds, IReadOnlyList<InformationRequestView> OpenRequests);

public sealed record RecipientOption(Guid Id, string Name, string Kind, string RegimeLabel, string Protection, string Warning, bool AlreadyShared);

/// <summary>What the recipient will see: the same fields, with contact details suppressed unless a second approver allows them.</summary>
public sealed record SharePreview(string Title, string Text, bool HasContact, bool ContactSuppressedByDefault, string ContactNotice, string RecipientRegime, string? Warning);

/// <summary>A ground the official may choose, with the fields it requires (from the catalogue and the vocabulary).</summary>
public sealed record GroundOption(
    string Key, string Title, string Provision, string Description, bool Unverified, bool AnteckningRequired,
    IReadOnlyList<GroundField> Fields, IReadOnlyList<ConsentChoice> Consents);

/// <summary>One input a ground needs. <see cref="Type"/>: bool, int or choice (with <see cref="Choices"/>).</summary>
public sealed record GroundField(string Attribute, string Label, string Type, IReadOnlyList<string> Choices);

public sealed record ConsentChoice(Guid Id, string Summary);

/// <summary>The official's decision to disclose. <see cref="RequestKey"/> makes a doubled submit write one record.</summary>
public sealed record DiscloseCommand(
    Guid RecipientAuthorityId,
    string? Ground,
    Guid? ConsentId,
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
