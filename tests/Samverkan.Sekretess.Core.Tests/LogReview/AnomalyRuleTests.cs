using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.LogReview;

namespace Samverkan.Sekretess.Core.Tests.LogReview;

/// <summary>
/// Each anomaly rule in policies/log-review/anomaly-rules.yaml flags a planted scenario and leaves a benign twin
/// alone. Entries are written through the real chain writer at times set by a manual clock.
/// </summary>
public sealed class AnomalyRuleTests(LogReviewHost host) : IClassFixture<LogReviewHost>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<HashSet<string>> FlagsOfAsync(long sequence) =>
        (await host.ScanAsync()).Where(f => f.Sequence == sequence).Select(f => f.RuleId).ToHashSet();

    private async Task<long> PlantOneAsync(AuditEntry entry)
    {
        await host.PlantAsync(entry);
        return await host.HeadAsync();
    }

    [Fact]
    public async Task ProtectedIdentity_FlagsAccessToProtectedPerson_NotToOthers()
    {
        var (caseId, person, _) = await host.OpenCaseAsync(LogReviewHost.Pnr("20060625", "983"), "Prov Påhittsson");
        var (otherCase, other, _) = await host.OpenCaseAsync(LogReviewHost.Pnr("20100505", "980"), "Testa Testsson");
        await using (var db = host.NewDbContext())
            await db.Persons.Where(p => p.Id == person).ExecuteUpdateAsync(s => s.SetProperty(p => p.SkyddadFolkbokforing, true));

        var flagged = await PlantOneAsync(await host.ByAsync("socialsekreterare", "case.read", caseId: caseId, personId: person));
        var benign = await PlantOneAsync(await host.ByAsync("socialsekreterare", "case.read", caseId: otherCase, personId: other));

        Assert.Contains("LOG-PROT-001", await FlagsOfAsync(flagged));
        Assert.DoesNotContain("LOG-PROT-001", await FlagsOfAsync(benign));
    }

    [Fact]
    public async Task NotACaseMember_FlagsReadByNonMember_NotByTheCaseOwner()
    {
        var (caseId, person, _) = await host.OpenCaseAsync(LogReviewHost.Pnr("20100505", "980"), "Testa Testsson", "polis-lpo-kristianstad");
        var soc = await host.AuthorityAsync("soc-kristianstad");

        var nonMember = await PlantOneAsync(await host.ByAsync("kommunpolis", "case.read", caseId: caseId, personId: person, resourceAuthorityId: soc));
        var owner = await PlantOneAsync(await host.ByAsync("socialsekreterare", "case.read", caseId: caseId, personId: person));

        var flags = await host.ScanAsync();
        Assert.Contains((nonMember, "LOG-CASE-001"), flags);
        Assert.DoesNotContain((owner, "LOG-CASE-001"), flags);
        // The police take part in the case, so the participation rule stays quiet for both.
        Assert.DoesNotContain(flags, f => f.RuleId == "LOG-CASE-002");
    }

    [Fact]
    public async Task AuthorityNotParticipating_FlagsAttemptByOutsider_NotByParticipant()
    {
        var (caseId, person, _) = await host.OpenCaseAsync(LogReviewHost.Pnr("20100505", "980"), "Testa Testsson", "polis-lpo-kristianstad");
        var soc = await host.AuthorityAsync("soc-kristianstad");

        var outsider = await PlantOneAsync(await host.ByAsync("fritidsledare", "case.read", "deny", caseId: caseId, personId: person, resourceAuthorityId: soc));
        var participant = await PlantOneAsync(await host.ByAsync("kommunpolis", "case.read", caseId: caseId, personId: person, resourceAuthorityId: soc));

        var flags = await host.ScanAsync();
        Assert.Contains((outsider, "LOG-CASE-002"), flags);
        Assert.DoesNotContain((participant, "LOG-CASE-002"), flags);
    }

    [Fact]
    public async Task DeniedAttempts_OneIsLow_ThreeWithinAnHourEscalate_SpreadOutDoNot()
    {
        // Three denials in 20 minutes by the kommunpolis: each is flagged, the third escalates (once).
        var first = await PlantOneAsync(await host.ByAsync("kommunpolis", "case.read", "deny"));
        host.Clock.Now = host.Clock.Now.AddMinutes(10);
        await host.PlantAsync(await host.ByAsync("kommunpolis", "case.read", "deny"));
        host.Clock.Now = host.Clock.Now.AddMinutes(10);
        var third = await PlantOneAsync(await host.ByAsync("kommunpolis", "case.read", "deny"));
        host.Clock.Now = host.Clock.Now.AddMinutes(5);
        var fourth = await PlantOneAsync(await host.ByAsync("kommunpolis", "case.read", "deny"));
        // Three denials two hours apart by the fritidsledare: flagged one by one, never escalated.
        var spread = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            host.Clock.Now = host.Clock.Now.AddHours(2);
            spread.Add(await PlantOneAsync(await host.ByAsync("fritidsledare", "case.read", "deny")));
        }

        var flags = await host.ScanAsync();
        Assert.Contains((first, "LOG-DENY-001"), flags);
        Assert.DoesNotContain((first, "LOG-DENY-002"), flags);
        Assert.Contains((third, "LOG-DENY-002"), flags);
        Assert.DoesNotContain((fourth, "LOG-DENY-002"), flags); // once per user and day
        Assert.All(spread, s => Assert.Contains((s, "LOG-DENY-001"), flags));
        Assert.DoesNotContain(flags, f => spread.Contains(f.Sequence) && f.RuleId == "LOG-DENY-002");
    }

    [Fact]
    public async Task AfterHours_FlagsEveningAndWeekend_NotAWeekdayMorning()
    {
        host.Clock.SetLocal(new DateTime(2026, 11, 25, 22, 15, 0)); // Wednesday evening
        var evening = await PlantOneAsync(await host.ByAsync("socialsekreterare", "case.read"));
        host.Clock.SetLocal(new DateTime(2026, 11, 28, 11, 0, 0)); // Saturday
        var weekend = await PlantOneAsync(await host.ByAsync("socialsekreterare", "case.read"));
        host.Clock.SetLocal(new DateTime(2026, 11, 30, 9, 30, 0)); // Monday morning
        var morning = await PlantOneAsync(await host.ByAsync("socialsekreterare", "case.read"));

        var flags = await host.ScanAsync();
        Assert.Contains((evening, "LOG-TIME-001"), flags);
        Assert.Contains((weekend, "LOG-TIME-001"), flags);
        Assert.DoesNotContain((morning, "LOG-TIME-001"), flags);
    }

    [Fact]
    public async Task UnusualVolume_FlagsAUserFarAboveTheirOwnHistory_NotOneWhoseHistoryExplainsIt()
    {
        // The rektor has read ~25 entries a day for 30 days; the skolkurator has no history.
        host.Clock.SetLocal(new DateTime(2026, 10, 26, 10, 0, 0));
        for (var day = 0; day < 30; day++)
        {
            var batch = new List<AuditEntry>();
            for (var i = 0; i < 25; i++) batch.Add(await host.ByAsync("rektor", "case.read"));
            await host.PlantAsync([.. batch]);
            host.Clock.Now = host.Clock.Now.AddDays(1);
        }

        host.Clock.SetLocal(new DateTime(2026, 11, 25, 10, 0, 0));
        var today = new List<AuditEntry>();
        for (var i = 0; i < 60; i++) today.Add(await host.ByAsync("rektor", "case.read"));
        for (var i = 0; i < 60; i++) today.Add(await host.ByAsync("skolkurator", "case.read"));
        await host.PlantAsync([.. today]);

        var flags = await host.ScanAsync();
        var volume = flags.Where(f => f.RuleId == "LOG-VOL-001").Select(f => f.Sequence).ToList();
        await using var db = host.NewDbContext();
        var who = await db.AuditEntries.Where(e => volume.Contains(e.Sequence)).Select(e => e.ActorRole).ToListAsync();
        Assert.Equal(["skolkurator"], who); // once per day, and not the rektor (60 against an average of 25 is below 3×)
    }

    [Fact]
    public async Task SameSurname_FlagsStaffReadingARelative_ComparedByKeyedHash()
    {
        // Alva Demosson (socialsekreterare) and a data subject named Demosson.
        var (caseId, relative, _) = await host.OpenCaseAsync(LogReviewHost.Pnr("20100505", "980"), "Kim Demosson");
        var (otherCase, other, _) = await host.OpenCaseAsync(LogReviewHost.Pnr("20091115", "981"), "Fiktiva Exempeldotter");

        var flagged = await PlantOneAsync(await host.ByAsync("socialsekreterare", "case.read", caseId: caseId, personId: relative));
        var benign = await PlantOneAsync(await host.ByAsync("socialsekreterare", "case.read", caseId: otherCase, personId: other));

        var flags = await host.ScanAsync();
        Assert.Contains((flagged, "LOG-LINK-001"), flags);
        Assert.DoesNotContain((benign, "LOG-LINK-001"), flags);
        await using var db = host.NewDbContext();
        // Only hashes are stored: neither the surname nor the full name appears in the link table.
        Assert.DoesNotContain(await db.LinkHashes.Select(h => h.Hash).ToListAsync(), h => h.Contains("Demosson", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SameAddress_FlagsStaffLivingWithTheDataSubject()
    {
        var (caseId, person, _) = await host.OpenCaseAsync(LogReviewHost.Pnr("20100505", "980"), "Testa Testsson");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var links = host.Get<LinkIndex>(scope);
            var db = host.Get<SekretessDbContext>(scope);
            await links.SetAsync(db, LinkIndex.PersonOwner, person.ToString(), LinkIndex.Address, "Fiktivgatan 1, 000 00 Ingenstad", LogReviewHost.Ct);
            await links.SetAsync(db, LinkIndex.UserOwner, await host.UserIdAsync("skolkurator"), LinkIndex.Address, "  fiktivgatan 1,  000 00 ingenstad ", LogReviewHost.Ct);
            await links.SetAsync(db, LinkIndex.UserOwner, await host.UserIdAsync("rektor"), LinkIndex.Address, "Annangatan 2, 000 00 Ingenstad", LogReviewHost.Ct);
        }

        var sameAddress = await PlantOneAsync(await host.ByAsync("skolkurator", "case.read", caseId: caseId, personId: person));
        var otherAddress = await PlantOneAsync(await host.ByAsync("rektor", "case.read", caseId: caseId, personId: person));

        var flags = await host.ScanAsync();
        Assert.Contains((sameAddress, "LOG-LINK-002"), flags);
        Assert.DoesNotContain((otherAddress, "LOG-LINK-002"), flags);
    }

    [Fact]
    public async Task Fishing_FlagsANameSearchWithManyHits_NotANarrowOne()
    {
        var many = string.Join(',', Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()));
        var few = string.Join(',', Enumerable.Range(0, 2).Select(_ => Guid.NewGuid()));

        var broad = await PlantOneAsync(await host.ByAsync("socialsekreterare", "person.search", itemIds: many, resourceType: "person"));
        var narrow = await PlantOneAsync(await host.ByAsync("socialsekreterare", "person.search", itemIds: few, resourceType: "person"));

        var flags = await host.ScanAsync();
        Assert.Contains((broad, "LOG-FISH-001"), flags);
        Assert.DoesNotContain((narrow, "LOG-FISH-001"), flags);
    }

    [Fact]
    public async Task Scan_IsIncremental_AndNeverFlagsTwice()
    {
        await host.PlantAsync(await host.ByAsync("kommunpolis", "case.read", "deny"));
        var once = await host.ScanAsync();
        var twice = await host.ScanAsync();
        Assert.Equal(once, twice);
        Assert.Single(once, f => f.RuleId == "LOG-DENY-001");
    }

    [Fact]
    public void RuleFile_UnknownSignal_StopsWithFileAndRule()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("anomaly").FullName, "anomaly-rules.yaml");
        File.WriteAllText(path, """
            settings: { workdayStart: "07:00" }
            rules:
              - id: X-1
                title: "t"
                explanation: "e"
                severity: lag
                when: { actor.shoeSize: 42 }
            """);
        var e = Assert.Throws<InvalidOperationException>(() => AnomalyRuleSet.LoadFile(path));
        Assert.Contains("X-1", e.Message, StringComparison.Ordinal);
        Assert.Contains("actor.shoeSize", e.Message, StringComparison.Ordinal);
    }
}
