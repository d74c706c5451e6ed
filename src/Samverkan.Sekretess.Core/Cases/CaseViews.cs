namespace Samverkan.Sekretess.Core.Cases;

/// <summary>A row in "Mina ärenden". No personal data: the reference names the case, not the person.</summary>
public sealed record CaseListEntry(Guid Id, string Reference, string Type, string Status, string LeadAuthorityName, DateTime CreatedAt);

/// <summary>The parts of a case the caller may see, decided item by item.</summary>
public sealed record CaseDetails(
    Guid Id, string Reference, string Type, string Status, string LeadAuthorityName,
    string SubjectName, string SubjectPersonalNumber, bool SubjectIsTestData,
    IReadOnlyList<ItemView> Items, IReadOnlyList<ItemCategories.Category> CategoriesCallerMayAdd);

public sealed record ItemView(Guid Id, string Category, string Title, string Text, string OwnerAuthorityName, DateTime CreatedAt, IReadOnlyList<string> RuleIds, string? LegalGround);
