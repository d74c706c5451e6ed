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
    IReadOnlyCollection<Guid>? DisclosedTo = null, IReadOnlyCollection<Guid>? ContactApprovedFor = null)
{
    /// <summary>item or action_plan.</summary>
    public string Type { get; init; } = ResourceTypes.Item;

    public RecordRef Ref => new(Type, Id);

    /// <summary>
    /// Every person the record's data is about (the case's person unless the item names others too). Empty only for a
    /// record the resolver has not described yet, which <see cref="RequestDescriptions.DescribeItem"/> refuses to send.
    /// </summary>
    public IReadOnlyList<Guid> DataSubjectIds { get; init; } = [];

    /// <summary>One of the persons the record is about has protected personal data (sekretessmarkering, skyddad folkbokföring).</summary>
    public bool AnySubjectProtected { get; init; }

    /// <summary>The recipients whose active disclosure included the contact and location details (ticked by the discloser).</summary>
    public IReadOnlyCollection<Guid>? ContactDisclosedTo { get; init; }
}

/// <summary>The data subject's facts the consent and ground rules read: age at the time of the decision and recorded guardians.</summary>
internal sealed record SubjectAttributes(Guid PersonId, int Age, int CustodianCount, bool ProtectedIdentity);

/// <summary>
/// One recorded consent as the PDP sees it, or several composed into one (<see cref="ConsentComposition"/>): a disclosure
/// about several persons rests on one consent from each of them.
/// </summary>
internal sealed record ConsentAttributes(
    Guid Id, Guid SubjectPersonId, IReadOnlyList<Guid> Senders, IReadOnlyList<Guid> Recipients, IReadOnlyList<string> Categories,
    string Purpose, DateTime ValidFrom, DateTime ValidTo, bool Withdrawn, bool GivenBySubject, int GuardianConsentCount, bool CustodyExceptionDocumented)
{
    /// <summary>The persons whose consent this is (one for a recorded consent; every consenting person for a composition).</summary>
    public IReadOnlyList<Guid> SubjectPersonIds { get; init; } = [SubjectPersonId];

    /// <summary>The recorded consents it stands for (one, or the parts of a composition).</summary>
    public IReadOnlyList<Guid> ConsentIds { get; init; } = [Id];

    /// <summary>The authority that documented the consent (its jobs remind and lapse it: JOB-CONS-*); empty for a composition.</summary>
    public Guid RecordedByAuthorityId { get; init; }
}
