using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>The hash chain on real PostgreSQL: intact after real traffic, and every kind of tampering is named.</summary>
public sealed class AuditChainTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync()
    {
        await host.ResetAsync();
        var social = await host.AsAsync("socialsekreterare");
        var police = await host.AsAsync("kommunpolis");
        await using var scope = host.Services.CreateAsyncScope();
        var caseId = await CoreHost.Get<CaseWrites>(scope).OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sig, "20100505-9801", "Testa Testsson"), Ct);
        await CoreHost.Get<CaseReads>(scope).GetCaseAsync(social, caseId, Ct);
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<CaseReads>(scope).GetCaseAsync(police, caseId, Ct));
        await CoreHost.Get<CaseReads>(scope).GetCaseAsync(social, caseId, Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<AuditChainReport> VerifyAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<AuditReads>(scope).VerifyChainAsync(await host.AsAsync("dataskyddsombud", Purposes.LogReview), Ct);
    }

    [Fact]
    public async Task Verify_UntouchedChain_IsIntactAndEachEntryLinksToThePrevious()
    {
        await using var db = host.NewDbContext();
        var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(AuditHasher.GenesisHash, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++) Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);

        var report = await VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(entries.Count, report.EntriesChecked);
    }

    [Fact]
    public async Task Verify_UpdatedRow_NamesThatEntry()
    {
        await using (var db = host.NewDbContext())
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Decision" = 'permit' WHERE "Sequence" = 3""");

        var report = await VerifyAsync();
        Assert.False(report.IsIntact);
        Assert.Equal(3, report.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_DeletedRow_NamesTheGap()
    {
        await using (var db = host.NewDbContext())
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEntries" WHERE "Sequence" = 2""");

        var report = await VerifyAsync();
        Assert.False(report.IsIntact);
        Assert.Equal(2, report.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verify_SwappedRows_NamesTheFirstReorderedEntry()
    {
        await using (var db = host.NewDbContext())
            await db.Database.ExecuteSqlRawAsync("""
                UPDATE "AuditEntries" SET "Sequence" = -1 WHERE "Sequence" = 2;
                UPDATE "AuditEntries" SET "Sequence" = 2 WHERE "Sequence" = 3;
                UPDATE "AuditEntries" SET "Sequence" = 3 WHERE "Sequence" = -1;
                """);

        var report = await VerifyAsync();
        Assert.False(report.IsIntact);
        Assert.Equal(2, report.FirstBrokenSequence);
    }

    [Fact]
    public async Task Append_ConcurrentReads_KeepOneGapFreeChain()
    {
        var social = await host.AsAsync("socialsekreterare");
        Guid caseId;
        await using (var db = host.NewDbContext()) caseId = await db.Cases.Select(c => c.Id).SingleAsync();

        await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            await CoreHost.Get<CaseReads>(scope).GetCaseAsync(social, caseId, Ct);
        }));

        var report = await VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
        await using var check = host.NewDbContext();
        Assert.True(await check.AuditEntries.CountAsync() >= 28);
    }
}
