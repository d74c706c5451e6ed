namespace Samverkan.Sekretess.Core.Consents;

/// <summary>
/// A consent as documented by the official. Scope fields are ids and category codes; the texts (maturity
/// assessment, custody exception) are encrypted at rest. <see cref="RequestId"/> makes a doubled submit harmless.
/// </summary>
public sealed record RecordConsentCommand(
    Guid? SubjectPersonId,
    IReadOnlyList<Guid> SenderAuthorityIds,
    IReadOnlyList<Guid> RecipientAuthorityIds,
    IReadOnlyList<string> Categories,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    bool GivenBySubject,
    IReadOnlyList<Guid> ConsentingGuardianIds,
    string? MaturityAssessment,
    string? CustodyException,
    string? Form,
    bool InformedOfConsequences,
    bool InformedOfRightToWithdraw,
    byte[]? Attachment = null,
    string? AttachmentContentType = null,
    Guid? RequestId = null);

public sealed record WithdrawConsentCommand(string? Note);

public sealed record AddGuardianCommand(string? Name, Guid? RequestId = null);
