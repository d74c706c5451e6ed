using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.LogReview;

namespace Samverkan.Sekretess.Core.Tests.LogReview;

/// <summary>
/// Issue 17, point 5: the registerutdrag and the DPO's personnummer search follow the persons an item is about. The
/// mother is named in an item of her son's case (not her own): the accesses and the disclosure of that item are hers
/// too; the rest of her son's case is not.
/// </summary>
public sealed class ItemSubjectsLogTests(LogReviewHost host) : IClassFixture<LogReviewHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = LogReviewHost.Ct;
    private static readonly string YouthPnr = LogReviewHost.Pnr("20100505", "980");
    private static readonly string MotherPnr = LogReviewHost.Pnr("19800312", "982");

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <param name="YouthOnlyRead">An entry of the son's case that names only the item about him alone: not the mother's.</param>
    /// <param name="DisclosureEnded">An entry that names only the disclosure of the item about the mother (found through the register).</param>
    private sealed record World(Guid CaseId, Guid YouthId, Guid MotherId, Guid YouthItem, Guid MotherItem, Guid DisclosureId,
        long SocialRead, long Disclose, long PoliceRead, long YouthOnlyRead, long DisclosureEnded);

    /// <summary>
    /// The son's SIG case (social services lead, police take part): an X item about him alone and an S1 item about him and
    /// his mother, who has no case of her own. Social services read the case, disclose the S1 item to the police on 18 a §,
    /// the police read the case; then an entry about the X item only and one about the disclosure only.
    /// </summary>
    private async Task<World> BuildAsync()
    {
        var (caseId, youthId, _) = await host.OpenCaseAsync(YouthPnr, "Sonen Testsson", "polis-lpo-kristianstad");
        await using var scope = host.Services.CreateAsyncScope();
        var social = await host.AsAsync("socialsekreterare", Purposes.CaseWork);
        var police = await host.AsAsync("kommunpolis", Purposes.CaseWork);
        var items = host.Get<ItemWrites>(scope);
        var youthItem = await items.AddItemAsync(social, caseId, new AddItemCommand("X", "Skyddad adress", "Fiktiv text om sonen"), Ct);
        var motherItem = await items.AddItemAsync(social, caseId, new AddItemCommand("S1", "Hemmiljön", "Fiktiv text om mamman och sonen",
            NewSubject: new NewPersonCommand(MotherPnr, "Mamma Testsson")), Ct);
        await using (var db = host.NewDbContext())
            Assert.Equal(2, await db.ItemSubjects.CountAsync(s => s.ItemId == motherItem));
        var reads = host.Get<CaseReads>(scope);
        await reads.GetCaseAsync(social, caseId, Ct);
        var socialRead = await host.HeadAsync();
        var policeAuthority = await host.AuthorityAsync("polis-lpo-kristianstad");
        var disclosureId = await host.Get<DisclosureWrites>(scope).DiscloseAsync(social, ResourceTypes.Item, motherItem,
            new DiscloseCommand(policeAuthority, "18a", null, new Dictionary<string, string>
            {
                ["disclosure.riskOfCriminalActivity"] = "true", ["disclosure.preventiveEffect"] = "true", ["disclosure.notInappropriateConsidered"] = "true",
            }, "Bedömning i det enskilda fallet.", DisclosureInitiatives.OwnInitiative, DisclosureChannels.System, false, null, Guid.NewGuid()), Ct);
        var disclose = await host.HeadAsync();
        await reads.GetCaseAsync(police, caseId, Ct);
        var policeRead = await host.HeadAsync();
        var soc = await host.AuthorityAsync("soc-kristianstad");
        await host.PlantAsync(
            await host.ByAsync("socialsekreterare", "case.read", caseId: caseId, personId: youthId, resourceAuthorityId: soc, itemIds: youthItem.ToString()),
            await host.ByAsync("socialsekreterare", "disclosure.end", caseId: caseId, personId: youthId, resourceAuthorityId: soc,
                resourceType: "disclosure", resourceId: disclosureId.ToString(), itemIds: disclosureId.ToString()));
        var head = await host.HeadAsync();
        await using var read = host.NewDbContext();
        var motherId = await read.ItemSubjects.Where(s => s.ItemId == motherItem && s.PersonId != youthId).Select(s => s.PersonId).SingleAsync();
        return new World(caseId, youthId, motherId, youthItem, motherItem, disclosureId, socialRead, disclose, policeRead, head - 1, head);
    }

    [Fact]
    public async Task Registerutdrag_OfAPersonNamedInAnotherPersonsCase_ListsTheAccessesAndDisclosuresOfThatItem_AndNothingElseOfTheCase()
    {
        var w = await BuildAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var reports = host.Get<AccessReports>(scope);
        var dpo = await host.AsAsync("dataskyddsombud", "registerutdrag");

        var draft = await reports.CreateDraftAsync(dpo, MotherPnr, Ct);
        Assert.Null(draft.Problem);
        var report = await reports.GetForScreeningAsync(dpo, draft.Id!.Value, Ct);

        Assert.Equal("Mamma Testsson", report.PersonName);
        var disclosure = Assert.Single(report.Disclosures);
        Assert.Equal(w.Disclose, disclosure.Sequence);
        Assert.Equal("Polismyndigheten, LPO Kristianstad", disclosure.RecipientAuthorityName);
        Assert.Equal(["S1"], disclosure.Categories);
        var accesses = report.Accesses.Select(l => l.Sequence).ToList();
        Assert.Contains(w.SocialRead, accesses);
        Assert.Contains(w.PoliceRead, accesses);
        Assert.Contains(w.DisclosureEnded, accesses);
        Assert.DoesNotContain(w.YouthOnlyRead, accesses);
        // The son's read of his whole case is reported for the item about her only: the X item is his, not hers.
        Assert.Equal(["S1"], report.Accesses.Single(l => l.Sequence == w.SocialRead).Categories);

        // The son's own report still lists his whole case, the X item included.
        var own = await reports.GetForScreeningAsync(dpo, (await reports.CreateDraftAsync(dpo, YouthPnr, Ct)).Id!.Value, Ct);
        Assert.Contains(own.Accesses, l => l.Sequence == w.YouthOnlyRead);
        Assert.Equal(["S1", "X"], own.Accesses.Single(l => l.Sequence == w.SocialRead).Categories);
    }

    [Fact]
    public async Task PersonnummerSearch_FindsTheEntriesOfItemsThatNameThePerson_InOtherPersonsCases()
    {
        var w = await BuildAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var search = host.Get<AuditSearch>(scope);
        var dpo = await host.AsAsync("dataskyddsombud");

        var rows = (await search.SearchAsync(dpo, new AuditQuery { PersonalNumber = MotherPnr, PageSize = 200 }, Ct)).Rows;

        var found = rows.Where(r => !r.Action.StartsWith("audit.", StringComparison.Ordinal)).Select(r => r.Sequence).ToHashSet();
        Assert.Superset(new HashSet<long> { w.SocialRead, w.Disclose, w.PoliceRead, w.DisclosureEnded }, found);
        Assert.DoesNotContain(w.YouthOnlyRead, found);
        Assert.All(rows.Where(r => found.Contains(r.Sequence)), r => Assert.Equal(w.CaseId, r.CaseId));
        // The search is itself an entry naming the person searched for.
        var meta = (await host.EntriesAsync()).Last(e => e.Action == "audit.search");
        Assert.Equal(w.MotherId, meta.PersonId);

        // The export streams the same entries.
        var export = await search.BeginExportAsync(dpo, new AuditQuery { PersonalNumber = MotherPnr }, Ct);
        using var csv = new MemoryStream();
        await export.WriteCsvAsync(csv, Ct);
        var text = System.Text.Encoding.UTF8.GetString(csv.ToArray());
        Assert.Contains(w.PoliceRead.ToString(CultureInfo.InvariantCulture) + ";", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n" + w.YouthOnlyRead.ToString(CultureInfo.InvariantCulture) + ";", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// A realistic small log: 60 cases with 4 000 entries naming 3 to 5 records each, and a person named in 20 items of 5
    /// other persons' cases. Measures one search page (printed, never asserted: timings belong to docs/benchmarks.md).
    /// </summary>
    [Fact]
    public async Task PersonnummerSearch_OnASmallRealisticLog_IsOneBoundedQuery_Measured()
    {
        var w = await BuildAsync();
        var soc = await host.AuthorityAsync("soc-kristianstad");
        var random = new Random(17);
        var cases = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToList();
        var namedCases = cases.Take(5).ToList();
        var named = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        await using (var db = host.NewDbContext())
        {
            // Items in other persons' cases that name the mother (the case frames are the fixture's; only ids matter here).
            var person = await db.Persons.SingleAsync(p => p.Id == w.YouthId);
            var lead = await db.Cases.Where(c => c.Id == w.CaseId).Select(c => c.LeadAuthorityId).SingleAsync();
            var writer = await host.UserIdAsync("socialsekreterare");
            foreach (var (caseId, i) in namedCases.Select((c, i) => (c, i)))
            {
                db.Cases.Add(new Case
                {
                    Id = caseId, Reference = "SIG-2026-9" + i.ToString("D3", CultureInfo.InvariantCulture), Type = CaseTypes.Sig,
                    SubjectPersonId = person.Id, LeadAuthorityId = lead, CreatedAt = host.Clock.Now.UtcDateTime, CreatedByUserId = writer,
                });
            }

            foreach (var (itemId, i) in named.Select((x, i) => (x, i)))
            {
                db.InformationItems.Add(new InformationItem
                {
                    Id = itemId, CaseId = namedCases[i % namedCases.Count], OwnerAuthorityId = soc, Category = "S1", TitleCipher = "-", TextCipher = "-",
                    CreatedAt = host.Clock.Now.UtcDateTime, CreatedByUserId = writer,
                });
                db.ItemSubjects.Add(new ItemSubject { ItemId = itemId, PersonId = w.MotherId });
            }

            await db.SaveChangesAsync();
        }

        var planted = new List<Samverkan.Sekretess.Core.Audit.AuditEntry>();
        var expected = 0;
        for (var i = 0; i < 4000; i++)
        {
            var caseId = cases[random.Next(cases.Count)];
            var ids = Enumerable.Range(0, random.Next(3, 6)).Select(_ => Guid.NewGuid()).ToList();
            if (namedCases.Contains(caseId) && random.Next(4) == 0)
            {
                ids[0] = named[random.Next(named.Count)];
                expected++;
            }

            planted.Add(await host.ByAsync("socialsekreterare", "case.read", caseId: caseId, personId: Guid.NewGuid(), resourceAuthorityId: soc,
                itemIds: string.Join(',', ids)));
        }

        foreach (var chunk in planted.Chunk(500)) await host.PlantAsync(chunk);
        await using (var db = host.NewDbContext()) await db.Database.ExecuteSqlRawAsync("ANALYZE \"AuditEntries\"");

        await using var scope = host.Services.CreateAsyncScope();
        var search = host.Get<AuditSearch>(scope);
        var dpo = await host.AsAsync("dataskyddsombud");
        var query = new AuditQuery { PersonalNumber = MotherPnr, Action = "case.read", PageSize = 200 };
        await search.SearchAsync(dpo, query, Ct); // warm up (connection, compiled queries)
        var clock = Stopwatch.StartNew();
        var (seen, pages) = (new List<long>(), 0);
        for (long? after = null; pages == 0 || after is not null; pages++)
        {
            var page = await search.SearchAsync(dpo, query with { After = after }, Ct);
            seen.AddRange(page.Rows.Select(r => r.Sequence));
            after = page.NextAfter;
        }

        clock.Stop();
        // The entries of the mother's items, plus the son's case reads that named her S1 item.
        Assert.Equal(expected + 2, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());

        // The one query that finds the person's entries (scope, person filter, newest first, one page), measured alone.
        TimeSpan single;
        await using (var db = host.NewDbContext())
        {
            var subject = await SubjectRecords.FindAsync(db, w.MotherId, SubjectRecords.SearchLimit, Ct);
            var page = db.AuditEntries.AsNoTracking().Where(e => e.ActorAuthorityId == soc || e.ResourceAuthorityId == soc).Where(subject.Predicate())
                .OrderByDescending(e => e.Sequence).Select(e => e.Sequence).Take(51);
            await page.ToListAsync();
            var one = Stopwatch.StartNew();
            Assert.Equal(51, (await page.ToListAsync()).Count);
            single = one.Elapsed;
            TestContext.Current.TestOutputHelper?.WriteLine(page.ToQueryString());
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Search by personnummer over {planted.Count} entries, {named.Count} items naming the person in {namedCases.Count} other cases: " +
            $"{seen.Count} rows in {pages} page(s), {clock.Elapsed.TotalMilliseconds:F0} ms; the entries query alone {single.TotalMilliseconds:F1} ms");
    }
}
