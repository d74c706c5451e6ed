namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>A validated rule with its condition compiled; immutable and shared across threads.</summary>
internal sealed record CompiledRule(
    string Id,
    Effect Effect,
    IReadOnlyList<string> Actions,
    string? LegalBasis,
    string? Provision,
    string Description,
    IReadOnlyList<Obligation> Obligations,
    Condition Condition,
    Guard[] Guards,
    bool FullyGuarded,
    IReadOnlyList<string> ReferencedAttributes,
    IReadOnlyList<string> ConditionText,
    string File,
    int Line);
