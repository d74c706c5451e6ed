namespace Samverkan.Sekretess.Core.Access;

/// <summary>The case attributes the policies read, resolved by <see cref="AttributeResolver"/>.</summary>
internal sealed record CaseAttributes(
    Guid Id, string Type, string Status, Guid LeadAuthorityId, Guid SubjectPersonId, bool SubjectProtectedIdentity,
    IReadOnlyList<Guid> ParticipantAuthorityIds);

/// <summary>
/// The attributes of one information item or action-plan entry. <paramref name="DisclosedTo"/> lists the authorities
/// it is actively disclosed to (a share on a withdrawn or expired consent is not active);
/// <paramref name="ContactApprovedFor"/> those whose disclosure included contact details with a second approver.
/// </summary>
internal sealed record ItemAttributes(Guid Id, Guid OwnerAuthorityId, string OwnerAuthorityKind, string Category,
    IReadOnlyCollection<Guid>? DisclosedTo = null, IReadOnlyCollection<Guid>? ContactApprovedFor = null);

/// <summary>The data subject's facts the consent and ground rules read: age at the time of the decision and recorded guardians.</summary>
internal sealed record SubjectAttributes(Guid PersonId, int Age, int CustodianCount, bool ProtectedIdentity);

/// <summary>One recorded consent as the PDP sees it.</summary>
internal sealed record ConsentAttributes(
    Guid Id, Guid SubjectPersonId, IReadOnlyList<Guid> Senders, IReadOnlyList<Guid> Recipients, IReadOnlyList<string> Categories,
    string Purpose, DateTime ValidFrom, DateTime ValidTo, bool Withdrawn, bool GivenBySubject, int GuardianConsentCount, bool CustodyExceptionDocumented);
