using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.BreakGlass;

/// <summary>
/// Issue 17, finding 4 (regression): a read under nödåtkomst answered HTTP 500 "UNIQUE constraint failed:
/// Notifications.DedupKey" on every load, because the notices it owed were deduplicated against the database only, not
/// against those the same read had just added. On PostgreSQL; <see cref="Data.SqliteBreakGlassNoticeTests"/> repeats it on SQLite.
/// </summary>
public sealed class BreakGlassNoticeTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private BreakGlassNoticeScenario Scenario() => new(host.Services, host.NewDbContext);

    [Fact]
    public async Task ProtectedIdentityCaseWithContactItems_ReadRepeatedlyUnderBreakGlass_NoErrorAndOneNoticePerRecipient()
    {
        var s = Scenario();
        await s.CreateAsync();
        var session = await s.StartAsync();

        for (var load = 0; load < 3; load++)
        {
            var details = await s.ReadAsync();
            Assert.Equal(3, details.Items.Count);
        }

        await s.AssertOneNoticePerRecipientAsync(session);
        await using var db = host.NewDbContext();
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "item.read" && e.RuleIds.Contains("BTG-R-001") && e.LegalGround == "NÖD"));
    }

    [Fact]
    public async Task TwoConcurrentFirstReadsUnderBreakGlass_BothSucceedAndLeaveOneNoticeEach()
    {
        var s = Scenario();
        await s.CreateAsync();
        var session = await s.StartAsync();

        var reads = await Task.WhenAll(s.ReadAsync(), s.ReadAsync());

        Assert.All(reads, r => Assert.Equal(3, r.Items.Count));
        await s.AssertOneNoticePerRecipientAsync(session);
    }

    [Fact]
    public async Task StopAndRestartBreakGlass_TheNewSessionGivesNewNoticesOnce()
    {
        var s = Scenario();
        await s.CreateAsync();
        var first = await s.StartAsync();
        await s.ReadAsync();
        await s.StopAsync();

        var second = await s.StartAsync();
        Assert.NotEqual(first, second);
        await s.ReadAsync();
        await s.ReadAsync();

        await s.AssertOneNoticePerRecipientAsync(first);
        await s.AssertOneNoticePerRecipientAsync(second);
    }
}
