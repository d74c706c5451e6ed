namespace Samverkan.Sekretess.Core.Access;

/// <summary>The case attributes the policies read, resolved by <see cref="AttributeResolver"/>.</summary>
internal sealed record CaseAttributes(
    Guid Id, string Type, string Status, Guid LeadAuthorityId, Guid SubjectPersonId, IReadOnlyList<Guid> ParticipantAuthorityIds);
