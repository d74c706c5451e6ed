namespace Samverkan.Sekretess.Policy;

/// <summary>A rule as a reviewer sees it (for "why can I see this?" pages and <c>policy explain</c>).</summary>
public sealed record RuleInfo(
    string Id,
    Effect Effect,
    IReadOnlyList<string> Actions,
    string? LegalBasis,
    string? Provision,
    string Description,
    IReadOnlyList<Obligation> Obligations,
    IReadOnlyList<string> Conditions,
    string File,
    int Line);

/// <summary>An attribute of the closed vocabulary: name, type (string, bool, int, datetime, set&lt;string&gt;), description.</summary>
public sealed record AttributeInfo(string Name, string Type, string Description, IReadOnlyList<string>? AllowedValues);
