namespace Samverkan.Sekretess.Core.Cases;

/// <summary>
/// Information categories of the legal brief's policy matrix (§7), with the authority kind that owns them.
/// The policies in policies/ decide what each category may do; this list only drives forms.
/// </summary>
public static class ItemCategories
{
    public sealed record Category(string Code, string OwnerKind, string SwedishName);

    /// <summary>The joint action plan's category code (not an item category a party can choose).</summary>
    public const string ActionPlan = "AP";

    public static readonly IReadOnlyList<Category> All =
    [
        new("S1", "socialtjanst", "Socialtjänst: kännedom, utredning, beslut om insatser (OSL 26:1)"),
        new("S2", "socialtjanst", "Socialtjänst: anmälarens identitet (OSL 26:5)"),
        new("K1", "skola", "Skola: närvaro, betyg, beteende"),
        new("K2", "skola", "Elevhälsa: psykosocial, psykologisk, specialpedagogisk (OSL 23:2 st. 1)"),
        new("K3", "skola", "Medicinsk elevhälsa (OSL 25:1)"),
        new("P1", "polis", "Polis: förundersökning (OSL 18:1, 35:1)"),
        new("P2", "polis", "Polis: underrättelser, nätverk, hotbild (OSL 18:2, 35:1)"),
        new("P3", "polis", "Polis: hotbedömning i avhopparärende"),
        new("F1", "fritid", "Fritid: iakttagelser"),
        new("H1", "halso_sjukvard", "Hälso- och sjukvård (OSL 25:1)"),
        new("X", "any", "Skyddade kontakt- eller platsuppgifter (OSL 21:3)"),
    ];

    public static IEnumerable<Category> ForOwnerKind(string kind) =>
        All.Where(c => c.OwnerKind == kind || c.OwnerKind == "any");
}
