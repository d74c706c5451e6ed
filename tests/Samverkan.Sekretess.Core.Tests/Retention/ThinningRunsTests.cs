using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Retention;

namespace Samverkan.Sekretess.Core.Tests.Retention;

/// <summary>
/// Thinning on the real PostgreSQL with a manual clock: records written in March 2020, thinned in February 2027
/// (social services: 5 years after the last entry; police: 5 years from the end of the closing year; school pupil
/// health: kept, delivered as an archive package). Every hold, the approval step, tombstones, the audit chain and
/// retries are checked against the database itself.
/// </summary>
public sealed class ThinningRunsTests(RetentionHost host) : IClassFixture<RetentionHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset Later = new(2027, 2, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly string Ordinary = RetentionCase.Number(new DateOnly(2008, 6, 12));

    public async ValueTask InitializeAsync() => await host.ResetAsync();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<IReadOnlyList<Guid>> ProposeAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await RetentionHost.Get<ThinningRuns>(scope).ProposeAsync(Ct);
    }

    private async Task<int> ExecuteAsync(Func<Guid, Task>? afterRecord = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var runs = RetentionHost.Get<ThinningRuns>(scope);
        runs.AfterRecord = afterRecord;
        return await runs.ExecuteApprovedAsync(Ct);
    }

    private async Task<RetentionResult> DecideAsync(Guid runId, bool approve, string? note = null, string persona = "arkivarie")
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await RetentionHost.Get<RetentionReview>(scope).DecideAsync(await host.AsAsync(persona, Purposes.Archive), runId, approve, note, Ct);
    }

    private async Task<Guid> RunOfAsync(string authorityCode)
    {
        var authority = await host.AuthorityAsync(authorityCode);
        await using var db = host.NewDbContext();
        return await db.ThinningRuns.Where(r => r.AuthorityId == authority).Select(r => r.Id).SingleAsync();
    }

    private async Task<bool> ExistsAsync(Guid itemId)
    {
        await using var db = host.NewDbContext();
        return await db.InformationItems.AnyAsync(i => i.Id == itemId) || await db.ActionPlanEntries.AnyAsync(e => e.Id == itemId);
    }

    private async Task ApproveAllAsync()
    {
        await using var db = host.NewDbContext();
        var runs = await (from r in db.ThinningRuns join a in db.Authorities on r.AuthorityId equals a.Id
                          where r.Status == ThinningRunStatuses.Proposed select new { r.Id, a.Code }).ToListAsync();
        foreach (var run in runs)
            Assert.True((await DecideAsync(run.Id, approve: true, persona: run.Code == "soc-kristianstad" ? "arkivarie" : "arkivarie-" + run.Code)).Succeeded);
    }

    [Fact]
    public async Task Propose_ListsDueRecordsPerAuthority_AndRemovesNothing()
    {
        var c = await RetentionCase.CreateAsync(host, Ordinary);
        host.Clock.Now = Later;

        var runs = await ProposeAsync();

        Assert.Equal(2, runs.Count); // social services and police; school and leisure have nothing here
        await using var db = host.NewDbContext();
        var socialId = await RunOfAsync("soc-kristianstad");
        Assert.Contains(socialId, runs);
        var social = await db.ThinningRuns.Include(r => r.Candidates).SingleAsync(r => r.Id == socialId);
        Assert.Equal(ThinningRunStatuses.Proposed, social.Status);
        Assert.Equal("Gallringsbeslut SN 2024/123", social.DecisionReference);
        Assert.Equal(new[] { c.SocialItem, c.SocialPlanEntry }.Order(), social.Candidates.Select(x => x.ResourceId).Order());
        var item = social.Candidates.Single(x => x.ResourceId == c.SocialItem);
        Assert.Equal((new DateOnly(2025, 3, 2), (DateOnly?)new DateOnly(2026, 12, 31)), (item.EligibleAt, item.DueBy));
        Assert.Equal((Dispositions.Thin, c.Reference, "S1"), (item.Disposition, item.CaseReference, item.Document));
        var police = await db.ThinningCandidates.SingleAsync(x => x.ResourceId == c.PoliceItem);
        Assert.Equal(new DateOnly(2026, 1, 1), police.EligibleAt);
        Assert.True(await ExistsAsync(c.SocialItem) && await ExistsAsync(c.PoliceItem) && await ExistsAsync(c.SocialPlanEntry));
        Assert.Equal(0, await db.ThinningTombstones.CountAsync());

        // Proposing again in the same month makes no second list; executing without approval removes nothing.
        Assert.Empty(await ProposeAsync());
        Assert.Equal(0, await ExecuteAsync());
        Assert.True(await ExistsAsync(c.SocialItem));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "retention.propose" && e.Decision == "permit" && e.ActorRole == "systemjobb"));
    }

    [Fact]
    public async Task NothingIsDue_BeforeThePeriodHasRun()
    {
        await RetentionCase.CreateAsync(host, Ordinary);
        host.Clock.Now = new(2025, 3, 1, 2, 0, 0, TimeSpan.Zero); // one day before five years have passed

        await ProposeAsync();

        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.ThinningCandidates.CountAsync(x => x.Document == "S1"));
    }

    [Fact]
    public async Task RejectedList_ThinsNothing_AndCannotBeApprovedAfterwards()
    {
        var c = await RetentionCase.CreateAsync(host, Ordinary);
        host.Clock.Now = Later;
        await ProposeAsync();
        var run = await RunOfAsync("soc-kristianstad");

        Assert.False((await DecideAsync(run, approve: false)).Succeeded); // a rejection needs a reason
        Assert.True((await DecideAsync(run, approve: false, "Gallringsbeslutet ses över.")).Succeeded);
        await Assert.ThrowsAsync<AccessDeniedException>(() => DecideAsync(run, approve: true)); // ARK-F-002
        Assert.Equal(0, await ExecuteAsync());

        Assert.True(await ExistsAsync(c.SocialItem) && await ExistsAsync(c.SocialPlanEntry));
        await using var db = host.NewDbContext();
        Assert.Equal(ThinningRunStatuses.Rejected, (await db.ThinningRuns.SingleAsync(r => r.Id == run)).Status);
    }

    [Fact]
    public async Task OnlyTheOwnArkivarie_Decides_EveryoneElseIsDeniedAndAudited()
    {
        await RetentionCase.CreateAsync(host, Ordinary);
        host.Clock.Now = Later;
        await ProposeAsync();
        var run = await RunOfAsync("soc-kristianstad");

        foreach (var persona in new[] { "socialsekreterare", "dataskyddsombud", "systemforvaltare", "kommunpolis", "enhetschef", "anonym" })
            await Assert.ThrowsAsync<AccessDeniedException>(() => DecideAsync(run, approve: true, persona: persona));
        await using var db = host.NewDbContext();
        Assert.Equal(6, await db.AuditEntries.CountAsync(e => e.Action == "retention.decide" && e.Decision == "deny" && e.ResourceId == run.ToString()));
        Assert.Equal(ThinningRunStatuses.Proposed, (await db.ThinningRuns.SingleAsync(r => r.Id == run)).Status);
    }

    [Fact]
    public async Task ApprovedLists_ThinContent_LeaveTombstones_RemoveThePerson_AndTheChainStillVerifies()
    {
        var c = await RetentionCase.CreateAsync(host, Ordinary);
        host.Clock.Now = Later;
        await ProposeAsync();
        await ApproveAllAsync();

        Assert.Equal(3, await ExecuteAsync());

        Assert.False(await ExistsAsync(c.SocialItem) || await ExistsAsync(c.SocialPlanEntry) || await ExistsAsync(c.PoliceItem));
        await using var db = host.NewDbContext();
        var tombstones = await db.ThinningTombstones.ToListAsync();
        Assert.Equal(4, tombstones.Count); // three records and the person
        var item = tombstones.Single(t => t.ResourceId == c.SocialItem);
        Assert.Equal(("S1", "Gallringsbeslut SN 2024/123", Later.UtcDateTime, Dispositions.Thin), (item.Document, item.DecisionReference, item.ThinnedAt, item.Disposition));
        var person = await db.Persons.SingleAsync(p => p.Id == c.PersonId);
        Assert.StartsWith("gallrad:", person.PersonalNumberIndex, StringComparison.Ordinal);
        Assert.Equal(2008, person.BirthYear);
        Assert.Equal(2, await db.ThinningRuns.CountAsync(r => r.Status == ThinningRunStatuses.Executed));
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "retention.thin" && e.Decision == "permit"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "person.thin" && e.Decision == "permit"));
        // The case frame stays (its reference names no one) and the audit entries about the thinned ids are untouched.
        Assert.True(await db.Cases.AnyAsync(x => x.Id == c.CaseId));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "item.create" && e.ResourceId == c.SocialItem.ToString()));

        await using var scope = host.Services.CreateAsyncScope();
        var report = await RetentionHost.Get<AuditChainVerifier>(scope).VerifyAsync(RetentionHost.Get<Samverkan.Sekretess.Core.Data.SekretessDbContext>(scope), Ct);
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task OpenCase_StopsThinning_AndIsCountedOnTheList()
    {
        var c = await RetentionCase.CreateAsync(host, Ordinary, close: false);
        host.Clock.Now = Later;

        await ProposeAsync();

        await using var db = host.NewDbContext();
        Assert.False(await db.ThinningCandidates.AnyAsync(x => x.CaseId == c.CaseId));
        Assert.False(await db.ThinningRuns.AnyAsync()); // nothing due anywhere: no empty list
        Assert.True(await ExistsAsync(c.SocialItem));
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(15, false)]
    [InlineData(25, false)]
    [InlineData(15, true)] // samordningsnummer: day 75 in the number, born on the 15th
    public async Task ResearchSample_BornOnDay5_15Or25_IsKeptBySocialServices_ButNotByThePolice(int day, bool coordination)
    {
        var c = await RetentionCase.CreateAsync(host, RetentionCase.Number(new DateOnly(2008, 6, day), coordination));
        host.Clock.Now = Later;

        await ProposeAsync();

        await using var db = host.NewDbContext();
        Assert.False(await db.ThinningCandidates.AnyAsync(x => x.ResourceId == c.SocialItem || x.ResourceId == c.SocialPlanEntry));
        var social = await host.AuthorityAsync("soc-kristianstad");
        Assert.False(await db.ThinningRuns.AnyAsync(r => r.AuthorityId == social));
        Assert.True(await db.ThinningCandidates.AnyAsync(x => x.ResourceId == c.PoliceItem)); // the sample is the social-services rule
    }

    [Fact]
    public async Task ExemptDocumentType_IsNeverListed()
    {
        var c = await RetentionCase.CreateAsync(host, Ordinary, documentType: DocumentTypes.Placement);
        host.Clock.Now = Later;

        await ProposeAsync();

        await using var db = host.NewDbContext();
        Assert.False(await db.ThinningCandidates.AnyAsync(x => x.ResourceId == c.SocialItem));
        var run = await db.ThinningRuns.SingleAsync(r => r.Id == db.ThinningCandidates.Single(x => x.ResourceId == c.SocialPlanEntry).RunId);
        Assert.Equal(1, run.HeldExemptType);
    }

    [Fact]
    public async Task LegalHoldPlacedAfterApproval_Wins_AndLiftingItLetsANewListThin()
    {
        var c = await RetentionCase.CreateAsync(host, Ordinary);
        host.Clock.Now = Later;
        await ProposeAsync();
        await ApproveAllAsync();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var placed = await RetentionHost.Get<LegalHolds>(scope).PlaceAsync(await host.AsAsync("dataskyddsombud", Purposes.Archive),
                new PlaceHoldCommand(c.Reference, null, LegalHoldKinds.Jo, "JO 1234-2027", "Klagomål på handläggningen."), Ct);
            Assert.True(placed.Succeeded, placed.Error);
        }

        Assert.Equal(1, await ExecuteAsync()); // only the police item: the hold is social services'

        Assert.True(await ExistsAsync(c.SocialItem) && await ExistsAsync(c.SocialPlanEntry));
        Assert.False(await ExistsAsync(c.PoliceItem));
        await using var db = host.NewDbContext();
        Assert.Equal(2, await db.ThinningCandidates.CountAsync(x => x.State == CandidateStates.Held));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "retention.thin" && e.Decision == "deny" && e.RuleIds.Contains("RET-F-001")));
        Assert.False((await db.Persons.SingleAsync(p => p.Id == c.PersonId)).PersonalNumberIndex.StartsWith("gallrad:", StringComparison.Ordinal));

        // A hold on a list that is already decided keeps the record; lifted, next month's list takes it.
        Guid holdId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var holds = RetentionHost.Get<LegalHolds>(scope);
            var list = await holds.ListAsync(await host.AsAsync("arkivarie", Purposes.Archive), Ct);
            holdId = Assert.Single(list).Id;
            Assert.Equal("Ärende " + c.Reference, list[0].Target);
            Assert.True((await holds.LiftAsync(await host.AsAsync("arkivarie", Purposes.Archive), holdId, Ct)).Succeeded);
        }

        host.Clock.Now = Later.AddMonths(1);
        await ProposeAsync();
        await ApproveAllAsync();
        Assert.Equal(2, await ExecuteAsync());
        Assert.False(await ExistsAsync(c.SocialItem));
        Assert.StartsWith("gallrad:", (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == c.PersonId)).PersonalNumberIndex, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bevara_WritesAnArchivePackage_WithAValidManifest_ThenRemovesTheRecord()
    {
        var c = await RetentionCase.CreateAsync(host, Ordinary, school: true);
        host.Clock.Now = Later;
        await ProposeAsync();
        await ApproveAllAsync();

        await ExecuteAsync();

        await using var db = host.NewDbContext();
        var candidate = await db.ThinningCandidates.SingleAsync(x => x.ResourceId == c.SchoolItem);
        Assert.Equal((Dispositions.Keep, CandidateStates.Delivered), (candidate.Disposition, candidate.State));
        var folder = Path.Combine(host.ArchiveDirectory, "utb-kristianstad", c.Reference);
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "manifest.json")));
        Assert.Equal("samverkan-arkivpaket/1", manifest.RootElement.GetProperty("format").GetString());
        var entry = Assert.Single(manifest.RootElement.GetProperty("records").EnumerateArray());
        var file = Path.Combine(folder, entry.GetProperty("file").GetString()!);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(entry.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(candidate.ArchiveSha256, entry.GetProperty("sha256").GetString());
        using var record = JsonDocument.Parse(bytes);
        Assert.Equal("Fiktiv elevhälsotext", record.RootElement.GetProperty("content").GetProperty("text").GetString());
        Assert.Equal(Ordinary, record.RootElement.GetProperty("subject").GetProperty("personalIdentityNumber").GetString());
        Assert.False(await ExistsAsync(c.SchoolItem!.Value));
        Assert.Equal(candidate.ArchivePath, (await db.ThinningTombstones.SingleAsync(t => t.ResourceId == c.SchoolItem)).ArchivePath);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "retention.deliver" && e.Decision == "permit"));
    }

    [Fact]
    public async Task RunFailingHalfway_IsRetriedWithoutDoubleEffects()
    {
        var c = await RetentionCase.CreateAsync(host, Ordinary, school: true);
        host.Clock.Now = Later;
        await ProposeAsync();
        await ApproveAllAsync();
        var calls = 0;

        // The process dies after the first record (a crash, a deploy): the exception escapes the job.
        await Assert.ThrowsAsync<InvalidOperationException>(() => ExecuteAsync(_ => ++calls == 1 ? throw new InvalidOperationException("krasch") : Task.CompletedTask));
        await using var db = host.NewDbContext();
        Assert.Equal(1, await db.ThinningTombstones.CountAsync());

        var second = await ExecuteAsync();
        var third = await ExecuteAsync();

        Assert.Equal((3, 0), (second, third)); // four records in all, each once
        Assert.Equal(5, await db.ThinningTombstones.CountAsync()); // four records and the person
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "retention.thin" && e.Decision == "permit"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "retention.deliver" && e.Decision == "permit"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "person.thin"));
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(host.ArchiveDirectory, "utb-kristianstad", c.Reference, "manifest.json")));
        Assert.Single(manifest.RootElement.GetProperty("records").EnumerateArray());
        Assert.Equal(0, await db.ThinningCandidates.CountAsync(x => x.State == CandidateStates.Pending));
    }
}
