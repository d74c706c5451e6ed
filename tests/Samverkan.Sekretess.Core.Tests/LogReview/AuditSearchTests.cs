using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.LogReview;

namespace Samverkan.Sekretess.Core.Tests.LogReview;

/// <summary>The DPO's search and export: authority and unit scoping, every filter, keyset paging, audited CSV export, denials.</summary>
public sealed class AuditSearchTests(LogReviewHost host) : IClassFixture<LogReviewHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = LogReviewHost.Ct;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<AuditSearchPage> SearchAsync(string persona, AuditQuery query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await host.Get<AuditSearch>(scope).SearchAsync(await host.AsAsync(persona), query, Ct);
    }

    /// <summary>Every page of the DPO's search, following the cursor: the sequences in the order shown, and how many pages.</summary>
    private async Task<(List<long> Sequences, int Pages)> AllPagesAsync(AuditQuery query)
    {
        var seen = new List<long>();
        long? after = null;
        var pages = 0;
        do
        {
            var page = await SearchAsync("dataskyddsombud", query with { After = after });
            seen.AddRange(page.Rows.Select(r => r.Sequence));
            after = page.NextAfter;
            pages++;
        }
        while (after is not null);
        return (seen, pages);
    }

    [Fact]
    public async Task Search_EachDpoSeesOnlyOwnAuthority_AndCrossAuthorityAccessIsSeenByBoth()
    {
        var soc = await host.AuthorityAsync("soc-kristianstad");
        var police = await host.AuthorityAsync("polis-lpo-kristianstad");
        await host.PlantAsync(
            await host.ByAsync("socialsekreterare", "case.read", resourceAuthorityId: soc),      // 1: social services only
            await host.ByAsync("kommunpolis", "case.read", resourceAuthorityId: police),          // 2: police only
            await host.ByAsync("kommunpolis", "case.read", resourceAuthorityId: soc));            // 3: police reads social services' case

        var socSeen = (await SearchAsync("dataskyddsombud", new AuditQuery())).Rows.Select(r => r.Sequence).ToHashSet();
        var policeSeen = (await SearchAsync("dataskyddsombud-polis", new AuditQuery())).Rows.Select(r => r.Sequence).ToHashSet();

        Assert.Contains(1L, socSeen);
        Assert.DoesNotContain(2L, socSeen);
        Assert.Contains(3L, socSeen);
        Assert.DoesNotContain(1L, policeSeen);
        Assert.Contains(2L, policeSeen);
        Assert.Contains(3L, policeSeen);
        // The police DPO's own search is an entry in the police log, never in the social services DPO's view.
        var socAgain = (await SearchAsync("dataskyddsombud", new AuditQuery { Action = "audit." })).Rows;
        Assert.All(socAgain, r => Assert.NotEqual("Pia Polisombud (dataskyddsombud)", r.ActorName));
    }

    [Fact]
    public async Task Search_UnitManager_SeesOwnUnitsUsersOnly()
    {
        var soc = await host.AuthorityAsync("soc-kristianstad");
        await host.PlantAsync(
            await host.ByAsync("socialsekreterare", "case.read", resourceAuthorityId: soc),   // unit Barn och unga
            await host.ByAsync("sspf-samordnare", "case.read", resourceAuthorityId: soc),     // unit SSPF Kristianstad
            await host.ByAsync("kommunpolis", "case.read", resourceAuthorityId: soc));        // other authority

        var rows = (await SearchAsync("enhetschef", new AuditQuery { Action = "case.read" })).Rows;

        Assert.Equal([1L], rows.Select(r => r.Sequence));
        Assert.Equal("Barn och unga", rows[0].ActorUnit);
    }

    [Fact]
    public async Task Search_Filters_PersonUserCaseActionDecisionGroundPurposeAndTime()
    {
        host.Clock.SetLocal(new DateTime(2026, 11, 1, 9, 0, 0)); // the story runs forward: the log's time never goes back
        var (caseId, personId, reference) = await host.OpenCaseAsync(LogReviewHost.Pnr("20100505", "980"), "Testa Testsson", "polis-lpo-kristianstad");
        var (_, otherPerson, _) = await host.OpenCaseAsync(LogReviewHost.Pnr("20091115", "981"), "Fiktiva Exempeldotter");
        var soc = await host.AuthorityAsync("soc-kristianstad");
        var start = await host.HeadAsync();
        host.Clock.SetLocal(new DateTime(2026, 11, 2, 10, 0, 0));
        await host.PlantAsync(await host.ByAsync("socialsekreterare", "case.read", caseId: caseId, personId: personId, resourceAuthorityId: soc));
        host.Clock.SetLocal(new DateTime(2026, 11, 20, 10, 0, 0));
        await host.PlantAsync(
            await host.ByAsync("kommunpolis", "case.read", "deny", caseId: caseId, personId: personId, resourceAuthorityId: soc),
            await host.ByAsync("socialsekreterare", "item.disclose", caseId: caseId, personId: personId, ground: "18a", resourceType: "item"),
            await host.ByAsync("socialsekreterare", "case.read", caseId: null, personId: otherPerson, purpose: Purposes.FollowUp));

        async Task<long[]> Seq(AuditQuery q) => (await SearchAsync("dataskyddsombud", q)).Rows.Where(r => r.Sequence > start && !r.Action.StartsWith("audit.", StringComparison.Ordinal)).Select(r => r.Sequence).Order().ToArray();

        Assert.Equal([start + 1, start + 2, start + 3], await Seq(new AuditQuery { PersonalNumber = LogReviewHost.Pnr("20100505", "980") }));
        Assert.Equal([start + 2], await Seq(new AuditQuery { UserId = await host.UserIdAsync("kommunpolis") }));
        Assert.Equal([start + 1, start + 2, start + 3], await Seq(new AuditQuery { CaseReference = reference.ToLowerInvariant() }));
        Assert.Equal([start + 3], await Seq(new AuditQuery { Action = "item." }));
        Assert.Equal([start + 2], await Seq(new AuditQuery { Decision = "deny" }));
        Assert.Equal([start + 3], await Seq(new AuditQuery { LegalGround = "18a" }));
        Assert.Equal([start + 4], await Seq(new AuditQuery { Purpose = Purposes.FollowUp }));
        Assert.Equal([start + 1], await Seq(new AuditQuery { From = new DateOnly(2026, 11, 1), To = new DateOnly(2026, 11, 2) }));
        Assert.Equal([start + 2, start + 3, start + 4], await Seq(new AuditQuery { From = new DateOnly(2026, 11, 20), To = new DateOnly(2026, 11, 20) }));
        // An unknown (but valid) personnummer matches nothing; an invalid one is refused with a Swedish message.
        Assert.Empty(await Seq(new AuditQuery { PersonalNumber = LogReviewHost.Pnr("20010101", "123") }));
        var invalid = await SearchAsync("dataskyddsombud", new AuditQuery { PersonalNumber = "20100505-0000" });
        Assert.Empty(invalid.Rows);
        Assert.NotNull(invalid.Problem);
    }

    [Fact]
    public async Task Search_TimeRange_IsExact_WhenTheClockSteppedBack_BecauseTheLogsTimeNeverGoesBack()
    {
        // The time filter becomes a sequence range with one index probe per bound (docs/benchmarks-audit.md). That is exact only
        // because the writer never lets the log's time go back: an entry made after the clock stepped back carries the
        // previous entry's time. A writer without that rule would make the probes miss 3 and 6 here (and the verifier fails it).
        var soc = await host.AuthorityAsync("soc-kristianstad");
        var start = await host.HeadAsync();
        DateTime[] times =
        [
            new(2026, 11, 19, 12, 0, 0),  // 1: the day before
            new(2026, 11, 20, 0, 10, 0),  // 2: in range
            new(2026, 11, 20, 0, 5, 0),   // 3: clock stepped back 5 minutes: stamped 00:10 like 2
            new(2026, 11, 20, 23, 55, 0), // 4: in range
            new(2026, 11, 21, 0, 20, 0),  // 5: the day after
            new(2026, 11, 20, 23, 50, 0), // 6: clock stepped back 30 minutes: stamped 21 Nov 00:20 like 5
            new(2026, 11, 22, 10, 0, 0),  // 7: later
        ];
        foreach (var t in times)
        {
            host.Clock.SetLocal(t);
            await host.PlantAsync(await host.ByAsync("socialsekreterare", "case.read", resourceAuthorityId: soc));
        }

        var stamps = (await host.EntriesAsync()).Where(e => e.Sequence > start).Select(e => e.OccurredAt).ToList();
        Assert.Equal(stamps[1], stamps[2]);
        Assert.Equal(stamps[4], stamps[5]);
        Assert.Equal(stamps.Order(), stamps);

        async Task<long[]> Seq(AuditQuery q) => (await SearchAsync("dataskyddsombud", q)).Rows
            .Where(r => r.Sequence > start && !r.Action.StartsWith("audit.", StringComparison.Ordinal)).Select(r => r.Sequence - start).Order().ToArray();

        var day = new DateOnly(2026, 11, 20);
        Assert.Equal(new long[] { 2, 3, 4 }, await Seq(new AuditQuery { From = day, To = day }));
        Assert.Equal(new long[] { 2, 3, 4, 5, 6, 7 }, await Seq(new AuditQuery { From = day }));
        Assert.Equal(new long[] { 1, 2, 3, 4 }, await Seq(new AuditQuery { To = day }));
        Assert.Equal(new long[] { 5, 6 }, await Seq(new AuditQuery { From = day.AddDays(1), To = day.AddDays(1) }));
        // The export's progress range is the same sequence range.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var export = await host.Get<AuditSearch>(scope).BeginExportAsync(await host.AsAsync("dataskyddsombud"), new AuditQuery { From = day, To = day }, Ct);
            Assert.Equal((start + 2, start + 4), (export.FromSequence, export.ToSequence));
        }

        Assert.Empty(await Seq(new AuditQuery { From = new DateOnly(2026, 12, 1) }));
        Assert.Empty(await Seq(new AuditQuery { To = new DateOnly(2026, 11, 1) }));
    }

    [Fact]
    public async Task Search_KeysetPaging_NewestAndOldestFirst_NoOverlapNoGap()
    {
        var soc = await host.AuthorityAsync("soc-kristianstad");
        var planted = new List<Samverkan.Sekretess.Core.Audit.AuditEntry>();
        for (var i = 0; i < 7; i++) planted.Add(await host.ByAsync("socialsekreterare", "case.read", resourceAuthorityId: soc));
        await host.PlantAsync([.. planted]);

        foreach (var oldestFirst in new[] { false, true })
        {
            var (seen, pages) = await AllPagesAsync(new AuditQuery { Action = "case.read", PageSize = 3, OldestFirst = oldestFirst });

            Assert.Equal(3, pages);
            Assert.Equal(oldestFirst ? Enumerable.Range(1, 7).Select(i => (long)i) : Enumerable.Range(1, 7).Reverse().Select(i => (long)i), seen);
        }
    }

    [Theory]
    [InlineData(AuditSortKey.User)]
    [InlineData(AuditSortKey.Action)]
    [InlineData(AuditSortKey.Decision)]
    public async Task Search_SortedByAColumn_PagesInThatOrder_NewestFirstWithin_NoOverlapNoGap(AuditSortKey sortBy)
    {
        var soc = await host.AuthorityAsync("soc-kristianstad");
        var planted = new List<Samverkan.Sekretess.Core.Audit.AuditEntry>();
        for (var i = 0; i < 3; i++)
        {
            planted.Add(await host.ByAsync("enhetschef", "case.read", resourceAuthorityId: soc));
            planted.Add(await host.ByAsync("socialsekreterare", "case.update", "deny", resourceAuthorityId: soc));
            planted.Add(await host.ByAsync("sspf-samordnare", "case.create", resourceAuthorityId: soc));
        }

        await host.PlantAsync([.. planted]);
        var names = new Dictionary<string, string>
        {
            [Roles.UnitManager] = "Jonna Ledare (enhetschef)", [Roles.SocialWorker] = "Alva Demosson (socialsekreterare)",
            [Roles.SspfCoordinator] = "Greta Prov (SSPF-samordnare)",
        };
        string Key(Samverkan.Sekretess.Core.Audit.AuditEntry e) => sortBy switch
        {
            AuditSortKey.User => names[e.ActorRole],
            AuditSortKey.Action => e.Action,
            _ => e.Decision,
        };
        var expected = (await host.EntriesAsync()).Where(e => e.Action.StartsWith("case.", StringComparison.Ordinal))
            .OrderBy(Key, StringComparer.Ordinal).ThenByDescending(e => e.Sequence).Select(e => e.Sequence).ToList();
        Assert.Equal(9, expected.Count);

        var (seen, _) = await AllPagesAsync(new AuditQuery { Action = "case.", PageSize = 2, SortBy = sortBy });

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Search_SortedByTheColumnItFiltersOn_IsNewestFirst()
    {
        var soc = await host.AuthorityAsync("soc-kristianstad");
        var planted = new List<Samverkan.Sekretess.Core.Audit.AuditEntry>();
        for (var i = 0; i < 3; i++)
        {
            planted.Add(await host.ByAsync("enhetschef", "case.read", resourceAuthorityId: soc));
            planted.Add(await host.ByAsync("socialsekreterare", "case.read", "deny", resourceAuthorityId: soc));
        }

        await host.PlantAsync([.. planted]);
        var entries = (await host.EntriesAsync()).Where(e => e.Action == "case.read").OrderByDescending(e => e.Sequence).ToList();
        var manager = entries.First(e => e.ActorRole == Roles.UnitManager).ActorUserId;

        // OldestFirst is set on purpose: it belongs to time order and must not turn a fixed-key sort around.
        async Task<List<long>> SequencesAsync(AuditQuery query) => (await AllPagesAsync(query with { PageSize = 2, OldestFirst = true })).Sequences;

        Assert.Equal(entries.Where(e => e.ActorUserId == manager).Select(e => e.Sequence),
            await SequencesAsync(new AuditQuery { Action = "case.", UserId = manager, SortBy = AuditSortKey.User }));
        Assert.Equal(entries.Where(e => e.Decision == "deny").Select(e => e.Sequence),
            await SequencesAsync(new AuditQuery { Action = "case.", Decision = "deny", SortBy = AuditSortKey.Decision }));
        Assert.Equal(entries.Select(e => e.Sequence), await SequencesAsync(new AuditQuery { Action = "case.read", SortBy = AuditSortKey.Action }));
    }

    [Fact]
    public async Task Search_IsItselfAudited_NamingThePersonSearchedFor()
    {
        var (_, personId, _) = await host.OpenCaseAsync(LogReviewHost.Pnr("20100505", "980"), "Testa Testsson");
        var before = await host.HeadAsync();

        await SearchAsync("dataskyddsombud", new AuditQuery { PersonalNumber = LogReviewHost.Pnr("20100505", "980") });

        var entry = Assert.Single(await host.EntriesAsync(), e => e.Sequence > before);
        Assert.Equal("audit.search", entry.Action);
        Assert.Equal("permit", entry.Decision);
        Assert.Equal(personId, entry.PersonId);
        Assert.Equal("AUDIT-R-002", entry.RuleIds);
        Assert.Equal(Purposes.LogReview, entry.Purpose);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Export_StreamsEveryMatchingRowAsCsv_InOrder_PinnedToTheHead_AndIsAuditedBeforeAnyRowLeaves(bool oldestFirst)
    {
        var soc = await host.AuthorityAsync("soc-kristianstad");
        var planted = new List<Samverkan.Sekretess.Core.Audit.AuditEntry>();
        for (var i = 0; i < 2500; i++) planted.Add(await host.ByAsync("socialsekreterare", "case.read", resourceAuthorityId: soc));
        planted.Add(await host.ByAsync("kommunpolis", "case.read", resourceAuthorityId: await host.AuthorityAsync("polis-lpo-kristianstad")));
        await host.PlantAsync([.. planted]);
        var head = await host.HeadAsync();

        await using var scope = host.Services.CreateAsyncScope();
        var export = await host.Get<AuditSearch>(scope).BeginExportAsync(await host.AsAsync("dataskyddsombud"), new AuditQuery { Action = "case.read", OldestFirst = oldestFirst }, Ct);
        // The export entry is committed before a single row is written, and names the head the export is pinned to.
        var audited = (await host.EntriesAsync()).Last();
        Assert.Equal("audit.export", audited.Action);
        Assert.Equal($"upto:{head}", audited.ResourceId);
        Assert.Equal(head, export.ToSequence);
        Assert.Equal(1, export.FromSequence);

        // Entries written after the export began are not part of it.
        await host.PlantAsync(await host.ByAsync("socialsekreterare", "case.read", resourceAuthorityId: soc));

        using var output = new MemoryStream();
        var written = await export.WriteCsvAsync(output, Ct);

        Assert.Equal(2500, written);
        var text = Encoding.UTF8.GetString(output.ToArray());
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2501, lines.Length);
        Assert.StartsWith("\uFEFFNr;Tid (svensk tid);", text, StringComparison.Ordinal);
        Assert.Contains("Alva Demosson (socialsekreterare);Barn och unga;", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("kommunpolis", StringComparison.Ordinal));
        // Every planted socialsekreterare entry exactly once, in the chosen order.
        var numbers = lines.Skip(1).Select(l => long.Parse(l[..l.IndexOf(';')], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var expected = planted.Where(e => e.ActorRole == "socialsekreterare").Select(e => e.Sequence).Order().ToList();
        if (!oldestFirst) expected.Reverse();
        Assert.Equal(expected, numbers);
    }

    public static TheoryData<string> NotPermitted() =>
        new("socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare", "fritidsledare", "sspf-samordnare", "systemforvaltare", "anonym");

    [Theory]
    [MemberData(nameof(NotPermitted))]
    public async Task SearchAndExport_EveryOtherPersona_IsDenied_AndTheAttemptIsAudited(string persona)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var search = host.Get<AuditSearch>(scope);
        var context = await host.AsAsync(persona);

        await Assert.ThrowsAsync<AccessDeniedException>(() => search.SearchAsync(context, new AuditQuery(), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => search.BeginExportAsync(context, new AuditQuery(), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => search.GetOptionsAsync(context, Ct));

        var denials = (await host.EntriesAsync()).Where(e => e.Decision == "deny").Select(e => e.Action).ToList();
        Assert.Equal(["audit.search", "audit.export", "audit.search"], denials);
    }

    [Fact]
    public async Task Search_WithoutSecondFactor_IsDenied()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var context = await host.AsAsync("dataskyddsombud") with { Mfa = false };
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Get<AuditSearch>(scope).SearchAsync(context, new AuditQuery(), Ct));
    }
}
