using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Seeding;

/// <summary>
/// The fictional Kristianstad samverkansöverenskommelse, shaped like a real one: parties, 2025–2028, three forums
/// with the demo personas as members, seven prioritised areas, the agreement text and a medborgarlöfte, an
/// åtgärdsplan, and ten weeks of place-based lägesbild reports. Adds to the context; the caller saves.
/// </summary>
internal static class AgreementSeeder
{
    public static async Task AddAsync(SekretessDbContext db, FieldProtector fields, DateTime now, CancellationToken ct)
    {
        if (await db.Agreements.AnyAsync(ct) || db.ChangeTracker.Entries<CollaborationAgreement>().Any()) return;
        var authorities = await db.Authorities.AsNoTracking().ToDictionaryAsync(a => a.Code, a => a.Id, ct);
        var users = await db.Users.AsNoTracking().Where(u => u.UserName != null).ToDictionaryAsync(u => u.UserName!, u => u.Id, ct);
        Guid A(string code) => authorities[code];

        var agreement = new CollaborationAgreement
        {
            Id = Guid.NewGuid(),
            Title = "Samverkansöverenskommelse mellan Kristianstads kommun och Polismyndigheten, lokalpolisområde Kristianstad 2025–2028",
            Municipality = "Kristianstads kommun",
            PoliceArea = "Lokalpolisområde Kristianstad, polisregion Syd",
            ValidFrom = new DateOnly(2025, 1, 1),
            ValidTo = new DateOnly(2028, 12, 31),
            SignedOn = new DateOnly(2024, 12, 10),
            LagesbildIntervalYears = 2,
            Purpose = "Kommunen och Polisen ska tillsammans minska brottsligheten och öka tryggheten i Kristianstads kommun. Överenskommelsen bygger på en gemensam lägesbild, "
                + "prioriterade samverkansområden med en åtgärdsplan, ett medborgarlöfte och en årlig uppföljning. Kommunens lägesbild och åtgärdsplan enligt lagen (2023:196) "
                + "om kommuners ansvar för brottsförebyggande arbete tas fram vartannat år. (Fiktiv demoöverenskommelse.)",
        };
        agreement.Parties =
        [
            new AgreementParty
            {
                Id = Guid.NewGuid(), AgreementId = agreement.Id, Name = "Kristianstads kommun", Kind = PartyKinds.Municipality, Signatory = "Kommunstyrelsens ordförande",
                Responsibilities = "Tar fram lägesbild och åtgärdsplan enligt lag (2023:196), leder Lokala Brå genom den brottsförebyggande samordnaren, ansvarar för socialtjänstens, skolans och fritidens insatser och för den fysiska miljön.",
                Authorities = [new() { AuthorityId = A("soc-kristianstad") }, new() { AuthorityId = A("utb-kristianstad") }, new() { AuthorityId = A("kof-kristianstad") }],
            },
            new AgreementParty
            {
                Id = Guid.NewGuid(), AgreementId = agreement.Id, Name = "Polismyndigheten, lokalpolisområde Kristianstad", Kind = PartyKinds.Police, Signatory = "Lokalpolisområdeschef",
                Responsibilities = "Leder den veckovisa lägesbilden (EST), bidrar med polisens underrättelser på aggregerad nivå, ansvarar för medborgarlöftets polisiära åtgärder och för avhopparverksamhetens polisiära del.",
                Authorities = [new() { AuthorityId = A("polis-lpo-kristianstad") }],
            },
        ];
        agreement.Forums =
        [
            Forum(agreement.Id, ForumKinds.SteeringGroup, "Strategisk styrgrupp", "Beslutar om prioriteringar, åtgärdsplan och medborgarlöfte och följer upp överenskommelsen årligen.",
                "Fyra gånger per år", "Kommundirektör, lokalpolisområdeschef, förvaltningschefer för socialförvaltningen, barn- och utbildningsförvaltningen och kultur- och fritidsförvaltningen, brottsförebyggande samordnare.",
                (users["sspf-samordnare"], ForumRoles.Secretary), (users["kommunpolis"], ForumRoles.Member)),
            Forum(agreement.Id, ForumKinds.LocalCrimePrevention, "Lokala Brå (brottsförebyggande rådet)", "Samordnar det brottsförebyggande arbetet, tar fram lägesbild och åtgärdsplan och driver aktiviteterna.",
                "Varannan månad", "Brottsförebyggande samordnare (samordningsfunktion enligt lag 2023:196), kommunpolis, förvaltningarnas representanter, räddningstjänsten, bostadsbolaget, civilsamhället.",
                (users["sspf-samordnare"], ForumRoles.Chair), (users["kommunpolis"], ForumRoles.Member), (users["rektor"], ForumRoles.Member)),
            Forum(agreement.Id, ForumKinds.SituationGroup, "Lägesbildsgruppen (EST)", "Effektiv samordning för trygghet: veckans plats- och händelsebaserade lägesbild, analys och beslut om åtgärder.",
                "Varje vecka, tisdagar kl. 09.00–09.45", "Kommunpolis, fältsekreterare, fritidsgårdar, trygghetsvärdar, skolans trygghetsteam, bostadsbolaget.",
                (users["kommunpolis"], ForumRoles.Chair), (users["sspf-samordnare"], ForumRoles.Secretary), (users["fritidsledare"], ForumRoles.Member),
                (users["socialsekreterare"], ForumRoles.Member)),
        ];
        agreement.Areas = Areas(agreement.Id);
        db.Agreements.Add(agreement);

        db.AgreementDocuments.AddRange(Documents(agreement.Id, users["sspf-samordnare"], A("soc-kristianstad"), now));
        db.AgreementActivities.AddRange(AgreementSeedData.Activities(agreement.Id, A, users["sspf-samordnare"], now));
        AgreementSeedData.AddLagesbild(db, fields, agreement.Id, A, users, now);
    }

    private static Forum Forum(Guid agreementId, string kind, string name, string purpose, string cadence, string composition, params (string UserId, string Role)[] members)
    {
        var id = Guid.NewGuid();
        return new Forum
        {
            Id = id, AgreementId = agreementId, Kind = kind, Name = name, Purpose = purpose, Cadence = cadence, Composition = composition,
            Members = members.Select(m => new ForumMember { ForumId = id, UserId = m.UserId, Role = m.Role }).ToList(),
        };
    }

    private static List<PrioritisedArea> Areas(Guid agreementId)
    {
        var texts = new Dictionary<string, (string Description, string Responsibilities)>
        {
            [AreaCodes.VulnerableVictims] = ("Våld i nära relation, hedersrelaterat våld, människohandel och brott mot äldre och barn.", "Socialtjänsten leder stödet till brottsutsatta; Polisen utreder och bidrar med skyddsåtgärder."),
            [AreaCodes.Sspf] = ("Skola, socialtjänst, polis och fritid i samverkan kring unga i riskzon, med samtycke.", "SSPF-samordnaren vid socialförvaltningen; skolan, fritiden och kommunpolisen deltar."),
            [AreaCodes.Sig] = ("Social insatsgrupp för unga 15–25 år som vill lämna en kriminell livsstil.", "Socialtjänsten har huvudansvaret; Polisen, skolan, Arbetsförmedlingen och Kriminalvården deltar."),
            [AreaCodes.Defection] = ("Stöd till den som vill lämna en kriminell gruppering, vid behov med skyddat boende.", "Socialtjänsten beslutar om insatser; Polisens avhopparsamordnare gör hotbedömningen."),
            [AreaCodes.Bob] = ("Barn och unga i organiserad brottslighet: lokalt arbete mot rekrytering.", "Lokala Brå samordnar; individärenden går vidare till SSPF eller SIG."),
            [AreaCodes.PublicSpace] = ("Tillgänglighet och trygghet i offentlig miljö: belysning, skadegörelse, otrygga platser, centrum och stationsområdet.", "Kommunens tekniska förvaltning och trygghetsvärdar; Polisen genom lägesbilden och medborgarlöftet."),
            [AreaCodes.CriminalEconomy] = ("Kriminell ekonomi och välfärdsbrott: felaktiga utbetalningar, oseriösa aktörer vid upphandling och tillstånd.", "Kommunens kontrollfunktion och upphandlingsenhet; Polisen och andra myndigheter genom informationsutbyte enligt lag."),
        };
        return AreaCodes.All.Select((a, i) => new PrioritisedArea
        {
            Id = Guid.NewGuid(), AgreementId = agreementId, Code = a.Code, Name = a.Name, Description = texts[a.Code].Description,
            Responsibilities = texts[a.Code].Responsibilities, SortOrder = i,
        }).ToList();
    }

    private static IEnumerable<AgreementDocument> Documents(Guid agreementId, string userId, Guid authorityId, DateTime now)
    {
        AgreementDocument Text(string kind, string title, string text) => new()
        {
            Id = Guid.NewGuid(), AgreementId = agreementId, Kind = kind, Title = title, Text = text, SizeBytes = text.Length,
            UploadedAt = now, UploadedByUserId = userId, UploadedByAuthorityId = authorityId,
        };
        yield return Text(DocumentKinds.Agreement, "Samverkansöverenskommelse 2025–2028 (sammanfattning)",
            "1. Parter: Kristianstads kommun och Polismyndigheten, lokalpolisområde Kristianstad.\n"
            + "2. Giltighet: 2025-01-01 – 2028-12-31. Överenskommelsen följs upp varje år och revideras vid behov.\n"
            + "3. Organisation: strategisk styrgrupp, Lokala Brå och Lägesbildsgruppen (EST, varje vecka).\n"
            + "4. Prioriterade områden: brott mot särskilt utsatta; SSPF; SIG; avhopparverksamhet; BOB; tillgänglighet och trygghet i offentlig miljö; kriminell ekonomi och välfärdsbrott.\n"
            + "5. Lägesbild och åtgärdsplan: kommunen tar fram en lägesbild och en åtgärdsplan enligt lag (2023:196) vartannat år, med Polisens medverkan.\n"
            + "6. Informationsutbyte: sker bara enligt OSL, med samtycke eller sekretessbrytande bestämmelse; lägesbilden innehåller inga personuppgifter.\n"
            + "7. Uppföljning: styrgruppen följer årligen upp aktiviteter och aggregerad statistik.\n(Fiktiv demotext.)");
        yield return Text(DocumentKinds.SituationAnalysis, "Lägesbild enligt lag (2023:196) – sammanfattning",
            "Kartläggningen bygger på Polisens anmälningsstatistik, trygghetsmätningen, skolornas och fritidsgårdarnas iakttagelser och "
            + "den veckovisa lägesbilden (aggregerad). Mest otrygghet och skadegörelse i centrum, vid stationsområdet och i Gamlegården; "
            + "öppen narkotikahandel i anslutning till parkeringar kvällstid; ökande oro för rekrytering av unga. (Fiktiv demotext.)");
        yield return Text(DocumentKinds.MeasurePlan, "Åtgärdsplan enligt lag (2023:196) – beslutad av kommunstyrelsen",
            "Åtgärderna redovisas per prioriterat område i överenskommelsens åtgärdsplan i systemet (sidan Åtgärdsplan), med ansvarig myndighet, "
            + "tidsplan och indikator. Planen följs upp årligen av styrgruppen. (Fiktiv demotext.)");
        yield return Text(DocumentKinds.CitizenPromise, "Medborgarlöfte 2026",
            "Kristianstads kommun och lokalpolisområde Kristianstad lovar under 2026 att:\n"
            + "– genomföra gemensamma trygghetsvandringar i centrum, på Söder och i Åhus minst fyra gånger per år,\n"
            + "– öka närvaron av poliser och trygghetsvärdar vid stationsområdet fredag och lördag kväll,\n"
            + "– åtgärda anmäld skadegörelse och trasig belysning i offentlig miljö inom fem arbetsdagar,\n"
            + "– redovisa resultatet i en öppen medborgardialog i december.\n(Fiktiv demotext.)");
    }
}
