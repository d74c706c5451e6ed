using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>The nightly checks as the operator authority's system account: each recorded in the log; a broken chain alerts the DPOs.</summary>
public sealed class NightlyChecksTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AnIntactChain_IsVerifiedAndTheResultRecorded_AndTheScanIsAudited()
    {
        await SharingWorld.CreateAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var checks = CoreHost.Get<NightlyChecks>(scope);

        var chain = await checks.VerifyChainAndCheckpointAsync(Ct);
        var flags = await checks.ScanAnomaliesAsync(Ct);

        Assert.True(chain.Intact);
        Assert.Null(chain.CheckpointSequence); // no checkpoint folder configured in this host
        await using var db = host.NewDbContext();
        var verify = await db.AuditEntries.SingleAsync(e => e.Action == "audit.verify");
        Assert.Equal(("permit", "JOB-AUD-001", Roles.SystemJob), (verify.Decision, verify.RuleIds, verify.ActorRole));
        Assert.StartsWith("intact:", verify.ResourceId, StringComparison.Ordinal);
        var scan = await db.AuditEntries.SingleAsync(e => e.Action == "audit.scan");
        Assert.Equal("flags:" + flags, scan.ResourceId);
    }

    [Fact]
    public async Task ABrokenChain_IsReportedAtTheAlteredEntry_AndEveryDpoIsAlerted()
    {
        await SharingWorld.CreateAsync(host);
        await using (var db = host.NewDbContext())
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Decision" = 'deny' WHERE "Sequence" = (SELECT MIN("Sequence") + 2 FROM "AuditEntries")""");
        await using var scope = host.Services.CreateAsyncScope();

        var chain = await CoreHost.Get<NightlyChecks>(scope).VerifyChainAndCheckpointAsync(Ct);

        Assert.False(chain.Intact);
        await using var check = host.NewDbContext();
        var altered = await check.AuditEntries.MinAsync(e => e.Sequence) + 2;
        Assert.Equal(altered, chain.FirstBrokenSequence);
        Assert.True(await check.Notifications.AnyAsync(n => n.Kind == NotificationKinds.AuditChainBroken && n.RecipientUserId != null));
        Assert.StartsWith("broken:", (await check.AuditEntries.SingleAsync(e => e.Action == "audit.verify")).ResourceId, StringComparison.Ordinal);
    }
}
