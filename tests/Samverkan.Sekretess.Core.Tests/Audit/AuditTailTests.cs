using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>
/// The log's tail: deleting the last entries (or all of them) leaves a chain that still links up, so only the newest signed
/// checkpoint can show it. Checkpoints are on by default, one is signed at shutdown, and every verification compares the
/// head with the newest one — or says plainly that it had none.
/// </summary>
public sealed class AuditTailTests(AuditDatabase store) : IClassFixture<AuditDatabase>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync()
    {
        await store.ResetAsync();
        await store.AppendAsync(6);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<long> CheckpointAsync()
    {
        await using var scope = store.Services.CreateAsyncScope();
        var written = await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>().WriteAsync(scope.ServiceProvider.GetRequiredService<SekretessDbContext>(), Ct);
        return written!.Value.Checkpoint.Sequence;
    }

    private async Task DeleteFromAsync(long sequence)
    {
        await using var db = store.NewDbContext();
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "AuditEntries" WHERE "Sequence" >= {sequence}""");
    }

    /// <summary>As the DPO's page and the nightly job verify (AuditIntegrity); the result is itself an entry, appended after.</summary>
    private async Task<AuditChainReport> VerifyAsync()
    {
        await using var scope = store.Services.CreateAsyncScope();
        var dpo = await AuditTestHost.AsAsync(store.Services, "dataskyddsombud", Purposes.LogReview) with { Mfa = true };
        return await scope.ServiceProvider.GetRequiredService<AuditIntegrity>().VerifyAsync(dpo, null, Ct);
    }

    [Fact]
    public async Task Verify_LastEntriesDeletedAfterACheckpoint_IsBrokenAtTheFirstMissingEntry()
    {
        Assert.Equal(6, await CheckpointAsync());
        await store.AppendAsync(2);
        await DeleteFromAsync(5);

        var report = await VerifyAsync();
        Assert.False(report.IsIntact);
        Assert.Equal(5, report.FirstBrokenSequence);
        Assert.Equal(AuditTailState.Truncated, report.Tail!.State);
        Assert.Contains("Post 5–6 har tagits bort", report.Problem, StringComparison.Ordinal);
        Assert.Equal("broken:5", (await store.EntriesAsync())[^1].ResourceId);
    }

    [Fact]
    public async Task Verify_EveryEntryDeletedAfterACheckpoint_IsBrokenAtTheFirst()
    {
        await CheckpointAsync();
        await DeleteFromAsync(1);

        var report = await VerifyAsync();
        Assert.False(report.IsIntact);
        Assert.Equal(1, report.FirstBrokenSequence);
        Assert.Contains("databasen har 0", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_HeadBeyondTheNewestCheckpoint_IsConfirmedUpToItAndCountsTheEntriesAfter()
    {
        await CheckpointAsync();
        await store.AppendAsync(2);

        var report = await VerifyAsync();
        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(AuditTailState.Confirmed, report.Tail!.State);
        Assert.Equal(6, report.Tail.CheckpointSequence);
        Assert.Contains("De 2 poster som skrivits efter den", report.Tail.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithoutACheckpoint_SaysPlainlyThatADeletedTailCannotBeSeen()
    {
        var report = await VerifyAsync();

        Assert.True(report.IsIntact, report.Problem);
        Assert.Equal(AuditTailState.NoCheckpoint, report.Tail!.State);
        Assert.StartsWith("VARNING: ingen kontrollpunkt att jämföra med", report.Tail.Message, StringComparison.Ordinal);
        Assert.Contains("kan det inte upptäckas", report.Tail.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_HeadBelowTheNewestCheckpoint_RefusesToSignTheTruncatedLog()
    {
        await CheckpointAsync();
        await DeleteFromAsync(5);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(CheckpointAsync);
        Assert.Contains("below the newest checkpoint 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoints_AreOnByDefault_AndWithoutAKeyTheAppDoesNotStart()
    {
        await using var services = AuditTestHost.Build(store.ConnectionString);

        var service = Assert.Single(services.GetServices<IHostedService>().OfType<AuditCheckpointService>());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => service.StartAsync(Ct));
        Assert.Contains("Audit:CheckpointSigningKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_SignsACheckpointOfTheHead()
    {
        // With Hangfire (the default) the timer does not sign; the shutdown checkpoint is signed either way.
        await using var services = AuditTestHost.Build(store.ConnectionString, store.CheckpointSettings());
        var service = services.GetServices<IHostedService>().OfType<AuditCheckpointService>().Single();
        await service.StartAsync(Ct);
        await store.AppendAsync(2);
        Assert.Empty(Directory.GetFiles(store.CheckpointDirectory));

        await service.StopAsync(Ct);

        var file = Assert.Single(Directory.GetFiles(store.CheckpointDirectory));
        Assert.EndsWith("audit-checkpoint-000000000000008.json", file, StringComparison.Ordinal);
    }
}
