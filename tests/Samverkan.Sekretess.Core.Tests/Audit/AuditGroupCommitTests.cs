using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>Group commit for read audits: one gap-free chain under concurrency and across app instances; a failed batch fails every waiter.</summary>
[Collection(GroupCommitCollection.Name)]
public sealed class AuditGroupCommitTests(AuditDatabase store) : IClassFixture<AuditDatabase>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await store.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AppendReadDurably_200Concurrent_OneGapFreeVerifiedChainInFewerCommits()
    {
        var log = store.Services.GetRequiredService<AuditLog>();
        var before = log.GroupCommitBatches;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => log.AppendReadDurablyAsync(AuditDatabase.NewEntry("case.read", i), Ct))));

        var entries = await store.EntriesAsync();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(200, entries.Select(e => e.ActorUserId).Distinct().Count());
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(200, report.EntriesChecked);
        Assert.InRange(log.GroupCommitBatches - before, 1, 199); // shared commits, not one per entry
    }

    [Fact]
    public async Task AppendReadDurably_TwoAppInstancesAndTheInTransactionPath_OneGapFreeChain()
    {
        await using var second = AuditTestHost.Build(store.ConnectionString);
        var logs = new[] { store.Services.GetRequiredService<AuditLog>(), second.GetRequiredService<AuditLog>() };
        Assert.NotSame(logs[0], logs[1]);

        var reads = Enumerable.Range(0, 300).Select(i => Task.Run(() => logs[i % 2].AppendReadDurablyAsync(AuditDatabase.NewEntry("case.read", i), Ct)));
        var writes = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using var scope = (i % 2 == 0 ? store.Services : second).CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(db, AuditDatabase.NewEntry("item.create", i), Ct);
            await tx.CommitAsync(Ct);
        }));
        await Task.WhenAll(reads.Concat(writes));

        var entries = await store.EntriesAsync();
        Assert.Equal(Enumerable.Range(1, 320).Select(i => (long)i), entries.Select(e => e.Sequence));
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(320, report.EntriesChecked);
    }

    [Fact]
    public async Task AppendReadDurably_FailingBatch_FailsEveryWaiterAndWritesNothing_ThenRecovers()
    {
        await using var services = AuditTestHost.Build(store.ConnectionString);
        var log = services.GetRequiredService<AuditLog>();
        var waiters = QueuedAsOneBatch(log, () =>
        {
            var queued = Enumerable.Range(0, 20).Select(i => log.AppendReadDurablyAsync(AuditDatabase.NewEntry("case.read", i), Ct)).ToList();
            var poisoned = AuditDatabase.NewEntry();
            poisoned.ActorRole = new string('x', 65); // longer than the column: the database refuses the whole batch
            queued.Add(log.AppendReadDurablyAsync(poisoned, Ct));
            // All 21 are queued: the writer woke on the first one but waits at the gate before it drains a batch.
            Assert.Equal(21, log.QueuedReads);
            return queued;
        });

        foreach (var w in waiters) await Assert.ThrowsAsync<PostgresException>(() => w);
        Assert.Empty(await store.EntriesAsync());

        await log.AppendReadDurablyAsync(AuditDatabase.NewEntry(), Ct);
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(1, report.EntriesChecked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(150)]
    public async Task AppendReadDurably_OneBatchOfAnySize_StoresEveryFieldAsHashed(int size)
    {
        await using var services = AuditTestHost.Build(store.ConnectionString);
        var log = services.GetRequiredService<AuditLog>();
        // Every other entry with its optional fields empty, so both NULLs and values are written and hashed.
        var waiters = QueuedAsOneBatch(log, () => Enumerable.Range(0, size).Select(i =>
        {
            var entry = AuditDatabase.NewEntry("case.read", i);
            if (i % 2 == 0) (entry.PersonId, entry.ResourceAuthorityId, entry.Client) = (Guid.NewGuid(), Guid.NewGuid(), "web:127.0.0.1");
            else (entry.ResourceId, entry.CaseId, entry.Purpose) = (null, null, null);
            return log.AppendReadDurablyAsync(entry, Ct);
        }).ToList());

        await Task.WhenAll(waiters);
        Assert.Equal(1, log.GroupCommitBatches);
        var entries = await store.EntriesAsync();
        Assert.Equal(Enumerable.Range(1, size).Select(i => (long)i), entries.Select(e => e.Sequence));
        // The verifier recomputes every hash from the stored columns: a column written in the wrong place or type breaks it.
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(size, report.EntriesChecked);
    }

    /// <summary>Holds the writer at its gate while <paramref name="queue"/> queues entries, so they are drained as one batch.</summary>
    private static List<Task> QueuedAsOneBatch(AuditLog log, Func<List<Task>> queue)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        log.BeforeBatchForTests = () => gate.Task;
        try
        {
            return queue();
        }
        finally
        {
            log.BeforeBatchForTests = null;
            gate.SetResult();
        }
    }
}

/// <summary>The group-commit tests count batches and gate the writer; run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GroupCommitCollection
{
    public const string Name = "audit-group-commit";
}
