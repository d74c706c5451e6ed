using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Seeding;

/// <summary>The demo agreement's åtgärdsplan and ten weeks of lägesbild (deterministic: a fixed random seed).</summary>
internal static class AgreementSeedData
{
    public static IEnumerable<AgreementActivity> Activities(Guid agreementId, Func<string, Guid> authority, string userId, DateTime now)
    {
        AgreementActivity New(string area, string title, string owner, string start, string end, string status, string indicator, string target, string outcome = "") => new()
        {
            Id = Guid.NewGuid(), AgreementId = agreementId, AreaCode = area, Title = title, Description = "", OwnerAuthorityId = authority(owner),
            StartDate = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), EndDate = DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            Status = status, Indicator = indicator, Target = target, Outcome = outcome, CreatedAt = now, CreatedByUserId = userId,
        };
        yield return New(AreaCodes.VulnerableVictims, "Utbildning om våld i nära relation för skolans personal", "soc-kristianstad", "2025-02-01", "2026-06-30", ActivityStatuses.Ongoing,
            "Andel utbildad personal", "80 %", "55 % efter första året");
        yield return New(AreaCodes.Sspf, "SSPF i alla högstadieskolor", "soc-kristianstad", "2025-01-01", "2025-12-31", ActivityStatuses.Done,
            "Antal skolor med SSPF-team", "6 av 6", "6 av 6");
        yield return New(AreaCodes.Sig, "Gemensam rutin för SIG-ärenden med Kriminalvården", "soc-kristianstad", "2025-09-01", "2026-03-31", ActivityStatuses.Delayed,
            "Rutin beslutad", "Beslut i styrgruppen");
        yield return New(AreaCodes.Defection, "Avhopparprogram med skyddat boende i regionen", "polis-lpo-kristianstad", "2025-03-01", "2026-12-31", ActivityStatuses.Ongoing,
            "Tid från kontakt till insats", "Högst 14 dagar");
        yield return New(AreaCodes.Bob, "Lokalt BOB-råd för tidiga signaler", "kof-kristianstad", "2026-01-01", "2026-12-31", ActivityStatuses.Planned,
            "Antal möten per år", "Minst 6");
        yield return New(AreaCodes.PublicSpace, "Trygghetsvandringar och belysning i centrum och Åhus", "kof-kristianstad", "2025-04-01", "2028-12-31", ActivityStatuses.Ongoing,
            "Andel åtgärdade brister inom 5 dagar", "90 %", "78 % under 2025");
        yield return New(AreaCodes.PublicSpace, "Kameraövervakning vid stationsområdet (utredning)", "polis-lpo-kristianstad", "2025-06-01", "2025-11-30", ActivityStatuses.Cancelled,
            "Beslut om ansökan", "Utredning klar", "Avbruten: ersatt av ökad närvaro");
        yield return New(AreaCodes.CriminalEconomy, "Kontroll av utbetalningar och leverantörer", "soc-kristianstad", "2025-05-01", "2027-12-31", ActivityStatuses.Ongoing,
            "Antal granskade utbetalningsflöden", "4 per år");
    }

    private static readonly Dictionary<string, string> Texts = new()
    {
        ["skadegorelse"] = "Krossade rutor vid busshållplatsen.",
        ["klotter"] = "Klotter på tunneln under järnvägen.",
        ["otrygghet"] = "Trasig belysning på gångvägen, otryggt att gå där.",
        ["narkotikahandel"] = "Misstänkt försäljning av narkotika vid parkeringen.",
        ["ordningsstorning"] = "Störningar vid fritidsgårdens entré.",
        ["ungdomssamling"] = "Grupp ungdomar samlas sent vid skolgården, boende upplever otrygghet.",
        ["vald"] = "Bråk utanför kiosken på kvällen.",
        ["brand"] = "Brand i papperskorg vid lekplatsen.",
        ["stold"] = "Cykelstölder vid stationen.",
        ["annat"] = "Mopedåkning i gångtunneln.",
    };

    // Weights make some districts busier than others, so the trend chart has shape and small cells.
    private static readonly Dictionary<string, int> DistrictWeight = new()
    {
        ["centrum"] = 5, ["soder"] = 3, ["nasby"] = 3, ["gamlegarden"] = 4, ["osterang"] = 2, ["vilan"] = 1,
        ["ahus"] = 3, ["tollarp"] = 1, ["degeberga"] = 1, ["fjalkinge"] = 1, ["onnestad"] = 1,
    };

    public static void AddLagesbild(SekretessDbContext db, FieldProtector fields, Guid agreementId, Func<string, Guid> authority, IReadOnlyDictionary<string, string> users, DateTime now)
    {
        var random = new Random(2025);
        var reporters = new[] { ("kommunpolis", "polis-lpo-kristianstad", "polis"), ("fritidsledare", "kof-kristianstad", "fritid"),
            ("socialsekreterare", "soc-kristianstad", "socialtjanst"), ("skolkurator", "utb-kristianstad", "skola") };
        var today = DateOnly.FromDateTime(SwedishTime.ToLocal(now));
        var weighted = DistrictWeight.SelectMany(d => Enumerable.Repeat(d.Key, d.Value)).ToArray();
        for (var day = 0; day < 70; day++)
        {
            var date = today.AddDays(-day);
            var perDay = random.Next(3, 9);
            for (var n = 0; n < perDay; n++)
            {
                var (user, auth, source) = reporters[random.Next(reporters.Length)];
                var (year, week) = SwedishTime.IsoWeekOf(date);
                var time = new TimeOnly(random.Next(14, 23), random.Next(0, 4) * 15);
                var occurred = SwedishTime.ToUtc(date, time);
                if (occurred > now) occurred = now.AddMinutes(-5);
                var eventType = EventTypes.All[random.Next(EventTypes.All.Count)].Code;
                db.SituationReports.Add(new SituationReport
                {
                    Id = Guid.NewGuid(), AgreementId = agreementId, EventType = eventType,
                    DistrictCode = weighted[random.Next(weighted.Length)], OccurredAt = occurred, IsoYear = year, IsoWeek = week, Source = source,
                    DescriptionCipher = fields.Protect(Texts[eventType] + " (Fiktiv demorapport.)"),
                    ReporterAuthorityId = authority(auth), ReporterUserId = users[user], CreatedAt = occurred,
                });
            }
        }

        foreach (var weeksAgo in new[] { 1, 2 })
        {
            var (year, week) = SwedishTime.IsoWeekOf(today.AddDays(-7 * weeksAgo));
            db.LagesbildMeasures.Add(new LagesbildMeasure
            {
                Id = Guid.NewGuid(), AgreementId = agreementId, IsoYear = year, IsoWeek = week, DistrictCode = weeksAgo == 1 ? "centrum" : "gamlegarden",
                TextCipher = fields.Protect(weeksAgo == 1 ? "Ökad polisiär närvaro och trygghetsvärdar fredag–lördag kväll." : "Fältgruppen besöker skolgården tre kvällar."),
                OwnerAuthorityId = authority(weeksAgo == 1 ? "polis-lpo-kristianstad" : "soc-kristianstad"), DecidedAt = now.AddDays(-7 * weeksAgo),
                DecidedByUserId = users["kommunpolis"],
            });
        }
    }
}
