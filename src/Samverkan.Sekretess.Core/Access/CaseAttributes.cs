namespace Samverkan.Sekretess.Core.Access;

/// <summary>The case attributes the policies read, resolved by <see cref="AttributeResolver"/>.</summary>
internal sealed record CaseAttributes(
    Guid Id, string Type, string Status, Guid LeadAuthorityId, Guid SubjectPersonId, bool SubjectProtectedIdentity,
    IReadOnlyList<Guid> ParticipantAuthorityIds);

/// <summary>The attributes of one information item or action-plan entry.</summary>
internal sealed record ItemAttributes(Guid Id, Guid OwnerAuthorityId, string OwnerAuthorityKind, string Category);
