using System.Text.Json;
using Samverkan.Sekretess.Policy.Json;

namespace Samverkan.Sekretess.Policy.Explanation;

/// <summary>One ground in a matrix cell; <see cref="Unverified"/> marks grounds the legal brief flags [U].</summary>
public sealed record GroundRef(string Key, bool Unverified);

/// <summary>A cell: the category's own authority kind, or the grounds on which the rules permit the flow.</summary>
public sealed record MatrixCell(bool Own, IReadOnlyList<GroundRef> Grounds);

public sealed record MatrixRow(string Category, string Label, string OwnerKind, IReadOnlyList<MatrixCell> Cells);

public sealed record RecipientColumn(string Kind, string Label);

/// <summary>
/// Legal brief §7 as the engine sees it: for each information category (row) and recipient kind
/// (column), the grounds on which the current rules permit <c>item.disclose</c> when every
/// precondition of the ground is fulfilled. Computed by asking the PDP, so it can never drift from
/// the rules. It shows what is possible at best; the official still decides each case (JO 682-2014).
/// Used by <c>samverkan policy explain</c> and by the web app's "Regelverket" page.
/// </summary>
public sealed record DisclosureMatrix(IReadOnlyList<RecipientColumn> Recipients, IReadOnlyList<MatrixRow> Rows)
{
    // Category → owning authority kind, secrecy provision, public-interest secrecy (legal brief §2 and §7).
    private static readonly (string Category, string Owner, string Provision, bool PublicInterest, string Label)[] Categories =
    [
        ("S1", "socialtjanst", "26:1", false, "Socialtjänst: ärende, utredning, insatser"),
        ("S2", "socialtjanst", "26:5", false, "Socialtjänst: anmälarens identitet"),
        ("K1", "skola", "23:ovrig", false, "Skola: närvaro, betyg, beteende"),
        ("K2", "skola", "23:2", false, "Skola: elevhälsans psykosociala del"),
        ("K3", "skola", "25:1", false, "Skola: medicinsk elevhälsa"),
        ("P1", "polis", "18:1", true, "Polis: förundersökning"),
        ("P2", "polis", "18:2", true, "Polis: underrättelser, hotbild"),
        ("P3", "polis", "18:2", true, "Polis: hotbedömning (avhoppare)"),
        ("F1", "fritid", "none", false, "Fritid: iakttagelser"),
        ("H1", "halso_sjukvard", "25:1", false, "Hälso- och sjukvård"),
        ("X", "socialtjanst", "21:3", false, "Skyddade kontakt-/lokaliseringsuppgifter"),
    ];

    private static readonly (string Kind, string Label)[] RecipientKinds =
    [
        ("socialtjanst", "Socialtjänst"), ("skola", "Skola"), ("polis", "Polis"),
        ("fritid", "Fritid"), ("ngo", "Ideell org."), ("halso_sjukvard", "Vården"),
    ];

    /// <summary>The matrix, or null when the set has no disclosure rules (e.g. the benchmark set).</summary>
    public static DisclosureMatrix? Build(PolicySet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var names = set.Attributes.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        if (!names.Contains("disclosure.ground")) return null;
        var grounds = set.Rules.Where(r => r.Effect == Effect.Permit && r.Actions.Contains("item.disclose") && r.LegalBasis is not null)
            .Select(r => r.LegalBasis!).Distinct().Order(StringComparer.Ordinal).ToList();
        // The provision and public-interest flag come from labels.yaml where it labels the category (the same label the app
        // reads), so the matrix cites what the policies do, not a copy that can drift.
        var categories = Categories.Select(c => set.Labels.Categories.TryGetValue(c.Category, out var label)
            ? c with
            {
                Provision = label.Provision == "owner" ? set.Labels.OwnerProvisions.GetValueOrDefault(c.Owner, c.Provision) : label.Provision,
                PublicInterest = label.ProtectsPublicInterest,
            }
            : c).ToList();
        var rows = categories.Select(c => new MatrixRow(c.Category, c.Label, c.Owner, RecipientKinds.Select(r => c.Owner == r.Kind
                ? new MatrixCell(true, [])
                : new MatrixCell(false, grounds.Where(g => Permits(set, names, c, r.Kind, g))
                    .Select(g => new GroundRef(g, set.LegalGrounds.TryGetValue(g, out var lg) && lg.IsUnverified)).ToList())).ToList()))
            .ToList();
        return new DisclosureMatrix(RecipientKinds.Select(r => new RecipientColumn(r.Kind, r.Label)).ToList(), rows);
    }

    private static bool Permits(PolicySet set, HashSet<string> names, (string Category, string Owner, string Provision, bool PublicInterest, string Label) c, string recipient, string ground)
    {
        var attributes = BestCase(c.Category, c.Owner, c.Provision, c.PublicInterest, recipient, ground)
            .Where(kv => names.Contains(kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var json = JsonSerializer.Serialize(new Dictionary<string, object> { ["attributes"] = attributes });
        return JsonRequestReader.Read(json, set).Decide(set).IsPermit;
    }

    // Every precondition of every ground fulfilled; only the category, parties and ground vary.
    private static Dictionary<string, object> BestCase(string category, string owner, string provision, bool publicInterest, string recipient, string ground) => new()
    {
        ["action"] = "item.disclose",
        ["subject.authorityId"] = "owner", ["subject.authorityKind"] = owner, ["subject.role"] = "socialsekreterare", ["subject.mfa"] = true,
        ["resource.ownerAuthorityId"] = "owner", ["resource.ownerAuthorityKind"] = owner, ["resource.category"] = category,
        ["resource.secrecyProvision"] = provision, ["resource.protectsPublicInterest"] = publicInterest,
        ["resource.protectedIdentity"] = category == "X", ["resource.dataSubjectIds"] = new[] { "p" },
        // case.type equals the consent's purpose (the consent rule compares them); without it no consent route could show.
        ["case.status"] = "oppen", ["case.type"] = "SSPF", ["case.id"] = "case", ["case.leadAuthorityId"] = "owner",
        ["case.participatingAuthorityIds"] = new[] { "owner", "recipient" },
        ["dataSubject.age"] = 16L, ["dataSubject.custodianCount"] = 2L,
        ["context.now"] = "2026-01-01T12:00:00Z", ["context.purpose"] = "SSPF", ["context.acuteDanger"] = true,
        ["consent.subjectIds"] = new[] { "p" }, ["consent.senderAuthorityIds"] = new[] { "owner" }, ["consent.recipientAuthorityIds"] = new[] { "recipient" },
        ["consent.categories"] = new[] { category }, ["consent.purpose"] = "SSPF", ["consent.validFrom"] = "2025-01-01", ["consent.validTo"] = "2027-01-01",
        ["consent.withdrawn"] = false, ["consent.givenBySubject"] = true, ["consent.guardianConsentCount"] = 2L, ["consent.custodyExceptionDocumented"] = false,
        ["disclosure.ground"] = ground, ["disclosure.recipientAuthorityId"] = "recipient", ["disclosure.recipientKind"] = recipient,
        ["disclosure.initiative"] = "on_request", ["disclosure.assessmentProvided"] = true, ["disclosure.secondApproverRecorded"] = true,
        ["disclosure.riskOfCriminalActivity"] = true, ["disclosure.preventiveEffect"] = true, ["disclosure.notInappropriateConsidered"] = true,
        ["disclosure.concernsCommittedCrime"] = false, ["disclosure.terrorRelated"] = true, ["disclosure.victimIsCloseRelative"] = true,
        ["disclosure.crimeType"] = "vald", ["disclosure.victimAge"] = 12L, ["disclosure.crimeChapter"] = "BrB3",
        ["disclosure.minimumPenaltyMonths"] = 24L, ["disclosure.attemptOrPreparation"] = false, ["disclosure.expectedMoreThanFine"] = true,
        ["disclosure.obviousPrevalence"] = true, ["disclosure.concernForChild"] = true, ["disclosure.suspectedOfCrime"] = true,
        ["disclosure.careNeedSituation"] = "under18", ["disclosure.necessaryForCare"] = true,
    };
}
