namespace Samverkan.Sekretess.Policy.Labels;

/// <summary>The secrecy label of an information category at its owner (policies/labels.yaml).</summary>
public sealed record CategoryLabel(string Code, string OwnerKind, string Title, string Provision, string DamageTest, bool ProtectsPublicInterest);

/// <summary>What protects a received item at a recipient of a given kind (secrecy does not follow the data, OSL 11 kap.).</summary>
public sealed record RecipientRegime(string Kind, string Label, string Protection, string Warning)
{
    /// <summary>True when the discloser must be warned before sending (weaker protection at the recipient).</summary>
    public bool IsWeak => Protection != "strong";
}

/// <summary>The label catalogue; empty when a policy directory has no labels.yaml (then every label lookup fails closed).</summary>
public sealed record SecrecyLabels(
    IReadOnlyDictionary<string, CategoryLabel> Categories,
    IReadOnlyDictionary<string, RecipientRegime> Recipients,
    IReadOnlyDictionary<string, string> OwnerProvisions)
{
    public static readonly SecrecyLabels Empty = new(
        new Dictionary<string, CategoryLabel>(), new Dictionary<string, RecipientRegime>(), new Dictionary<string, string>());
}
