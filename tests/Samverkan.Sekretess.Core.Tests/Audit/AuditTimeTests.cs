using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Audit;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>
/// The log's time never goes back along the chain (AuditLog.Chain), on both write paths, and the verifier names an
/// entry that breaks the rule. The DPO's time search turns a date range into a sequence range by relying on it.
/// </summary>
public sealed class AuditTimeTests(AuditDatabase store) : IClassFixture<AuditDatabase>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await store.ResetAsync();
        await store.AppendAsync(3);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Writer_WhenTheHeadIsAheadOfTheClock_StampsTheHeadsTime_OnBothPaths()
    {
        // A head an hour ahead, as if the server clock had run ahead and was then corrected.
        var ahead = TruncateToMicroseconds(DateTime.UtcNow.AddHours(1));
        await AppendChainedAsync(ahead);

        await store.AppendAsync(2);
        await using (var scope = store.Services.CreateAsyncScope())
        {
            var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
            await Task.WhenAll(Enumerable.Range(0, 5).Select(i => log.AppendReadDurablyAsync(AuditDatabase.NewEntry("case.read", i), CancellationToken.None)));
        }

        var entries = await store.EntriesAsync();
        Assert.Equal(11, entries.Count);
        Assert.All(entries.Skip(4), e => Assert.Equal(ahead, e.OccurredAt));
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task Verify_EntryWithAValidHashButAnEarlierTimeThanItsPredecessor_IsNamed()
    {
        var head = (await store.EntriesAsync())[^1];
        await AppendChainedAsync(head.OccurredAt.AddMinutes(-1));

        var report = await store.VerifyAsync();
        Assert.False(report.IsIntact);
        Assert.Equal(4, report.FirstBrokenSequence);
        Assert.Equal(3, report.EntriesChecked);
        Assert.Contains("tid", report.Problem, StringComparison.Ordinal);
    }

    /// <summary>Appends a correctly linked and keyed entry with the given time, bypassing the writer (as the superuser).</summary>
    private async Task AppendChainedAsync(DateTime occurredAt)
    {
        var head = (await store.EntriesAsync())[^1];
        var entry = AuditDatabase.NewEntry("case.read", 99);
        entry.Sequence = head.Sequence + 1;
        entry.OccurredAt = TruncateToMicroseconds(occurredAt);
        entry.PreviousHash = head.Hash;
        entry.Hash = store.Services.GetRequiredService<AuditHasher>().Compute(entry);
        await using var db = store.NewDbContext();
        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync();
    }

    private static DateTime TruncateToMicroseconds(DateTime t) => new(t.Ticks - t.Ticks % 10, DateTimeKind.Utc);
}
