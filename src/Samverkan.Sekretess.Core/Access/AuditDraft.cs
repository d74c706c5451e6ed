namespace Samverkan.Sekretess.Core.Access;

/// <summary>What an access touched, for its audit entry. Ids only: never names, numbers or content.</summary>
internal sealed record AuditDraft(
    string Action,
    string ResourceType,
    string? ResourceId = null,
    Guid? ResourceAuthorityId = null,
    Guid? CaseId = null,
    Guid? PersonId = null,
    IReadOnlyCollection<Guid>? RelatedIds = null);
