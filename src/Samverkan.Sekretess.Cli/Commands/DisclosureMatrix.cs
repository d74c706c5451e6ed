using System.Text.Json;
using Samverkan.Sekretess.Policy;
using Samverkan.Sekretess.Policy.Json;

namespace Samverkan.Sekretess.Cli.Commands;

/// <summary>
/// Renders legal-brief §7 as the engine sees it: for each information category (row) and recipient
/// kind (column), the grounds on which the current rules permit <c>item.disclose</c> when every
/// precondition of the ground is fulfilled. Computed by asking the PDP, so the table can never drift
/// from the rules. It shows what is possible at best; the official still decides each case.
/// </summary>
internal static class DisclosureMatrix
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

    private static readonly (string Kind, string Label)[] Recipients =
    [
        ("socialtjanst", "Socialtjänst"), ("skola", "Skola"), ("polis", "Polis"),
        ("fritid", "Fritid"), ("ngo", "Ideell org."), ("halso_sjukvard", "Vården"),
    ];

    public static void Write(PolicySet set, TextWriter o)
    {
        var names = set.Attributes.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        if (!names.Contains("disclosure.ground")) return;   // e.g. the benchmark set has no disclosures
        var grounds = set.Rules.Where(r => r.Effect == Effect.Permit && r.Actions.Contains("item.disclose") && r.LegalBasis is not null)
            .Select(r => r.LegalBasis!).Distinct().Order(StringComparer.Ordinal).ToList();

        o.WriteLine("## Vem får lämna vad till vem, på vilken grund");
        o.WriteLine();
        o.WriteLine("Framräknad genom att fråga beslutsmotorn med alla grundens förutsättningar uppfyllda (bästa fall). ⚠ = overifierad grund. Handläggaren prövar alltid själv i det enskilda fallet.");
        o.WriteLine();
        o.WriteLine("| Kategori (ägare) | " + string.Join(" | ", Recipients.Select(r => r.Label)) + " |");
        o.WriteLine("|---|" + string.Concat(Recipients.Select(_ => "---|")));
        foreach (var c in Categories)
        {
            var cells = Recipients.Select(r => c.Owner == r.Kind
                ? "(egen)"
                : string.Join(", ", grounds.Where(g => Permits(set, names, c, r.Kind, g)).Select(g => Mark(set, g))) is { Length: > 0 } s ? s : "—");
            o.WriteLine($"| **{c.Category}** {c.Label} ({c.Owner}) | {string.Join(" | ", cells)} |");
        }

        o.WriteLine();
    }

    private static string Mark(PolicySet set, string ground) =>
        set.LegalGrounds.TryGetValue(ground, out var g) && g.IsUnverified ? ground + " ⚠" : ground;

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
        ["case.status"] = "oppen", ["case.participatingAuthorityIds"] = new[] { "owner", "recipient" },
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
