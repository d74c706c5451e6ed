using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Cli;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>
/// <c>samverkan audit verify</c> against a real database: an intact chain exits 0, a tampered entry is named precisely
/// (exit 1), signed checkpoint files are checked with the public key, and every run is recorded in the log itself.
/// </summary>
public sealed class AuditVerifyCliTests(AuditDatabase store) : IClassFixture<AuditDatabase>, IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        await store.ResetAsync();
        await store.AppendAsync(10);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private (int Exit, string Out, string Err) Run(params string[] extra)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(["audit", "verify", "--connection", store.ConnectionString, "--key", TestKeys.AuditChainKey, .. extra], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Verify_IntactChain_ExitsZero_ShowsProgress_AndRecordsTheResult()
    {
        var (exit, stdout, stderr) = Run();

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Loggkedjan är obruten: 10 poster kontrollerade", stdout, StringComparison.Ordinal);
        Assert.Contains("100 % (10/10)", stderr, StringComparison.Ordinal);
        var last = (await store.EntriesAsync())[^1];
        Assert.Equal(11, last.Sequence);
        Assert.Equal("audit.verify", last.Action);
        Assert.Equal("cli:intact:10", last.ResourceId);
        Assert.True((await store.VerifyAsync()).IsIntact); // the recorded result extends the chain correctly
    }

    [Fact]
    public async Task Verify_TamperedEntry_NamesItPrecisely_ExitsOne_AndRecordsTheBreak()
    {
        await using (var conn = new NpgsqlConnection(store.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""UPDATE "AuditEntries" SET "Action" = 'case.read.tampered' WHERE "Sequence" = 5""", conn);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }

        var (exit, stdout, _) = Run();

        Assert.Equal(1, exit);
        Assert.Contains("Loggkedjan är BRUTEN vid post 5: Postens hash stämmer inte", stdout, StringComparison.Ordinal);
        Assert.Contains("4 poster före den verifierades", stdout, StringComparison.Ordinal);
        Assert.Contains("åtgärd:             case.read.tampered", stdout, StringComparison.Ordinal);
        Assert.Contains("beräknad hash:", stdout, StringComparison.Ordinal);
        Assert.Equal("cli:broken:5", (await store.EntriesAsync())[^1].ResourceId);
    }

    [Fact]
    public async Task Verify_DeletedEntry_IsReportedAsMissing()
    {
        await using (var conn = new NpgsqlConnection(store.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""DELETE FROM "AuditEntries" WHERE "Sequence" = 7""", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        var (exit, stdout, _) = Run();

        Assert.Equal(1, exit);
        Assert.Contains("BRUTEN vid post 7: Post 7 saknas (nästa post i tabellen är 8)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WithCheckpoints_ChecksEachSignedFileWithThePublicKey()
    {
        await using (var scope = store.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>().WriteAsync(scope.ServiceProvider.GetRequiredService<SekretessDbContext>(), CancellationToken.None);
        using var key = ECDsa.Create();
        key.ImportFromPem(store.SigningKeyPem);
        var publicKey = Path.Combine(store.CheckpointDirectory, "..", $"pub-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(publicKey, key.ExportSubjectPublicKeyInfoPem());
        try
        {
            var (exit, stdout, stderr) = Run("--checkpoints", store.CheckpointDirectory, "--checkpoint-key", publicKey);
            Assert.True(exit == 0, stdout + stderr);
            Assert.Contains("Kontrollpunkt audit-checkpoint-000000000000010.json: giltig (post 10).", stdout, StringComparison.Ordinal);

            // Someone with database access truncates the log: the checkpoint catches it.
            await using (var conn = new NpgsqlConnection(store.ConnectionString))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("""DELETE FROM "AuditEntries" WHERE "Sequence" >= 9""", conn);
                await cmd.ExecuteNonQueryAsync();
            }

            var (exit2, stdout2, _) = Run("--checkpoints", store.CheckpointDirectory, "--checkpoint-key", publicKey);
            Assert.Equal(1, exit2);
            Assert.Contains("OGILTIG", stdout2, StringComparison.Ordinal);
            Assert.Contains("trunkerats", stdout2, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(publicKey);
        }
    }

    [Fact]
    public async Task Verify_UsesTheAppsConfiguredCheckpointFolder_AndNamesADeletedTail()
    {
        // Nothing but the app's own configuration (Audit__*): the newest checkpoint is found and compared with the head.
        await using (var scope = store.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>().WriteAsync(scope.ServiceProvider.GetRequiredService<SekretessDbContext>(), CancellationToken.None);
        await using (var conn = new NpgsqlConnection(store.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""DELETE FROM "AuditEntries" WHERE "Sequence" >= 9""", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        Environment.SetEnvironmentVariable("Audit__CheckpointDirectory", store.CheckpointDirectory);
        Environment.SetEnvironmentVariable("Audit__CheckpointSigningKey", store.SigningKeyPem);
        try
        {
            var (exit, stdout, _) = Run();

            Assert.Equal(1, exit);
            Assert.Contains("Loggkedjan är BRUTEN vid post 9: Poster i slutet av loggen saknas", stdout, StringComparison.Ordinal);
            Assert.Contains("Post 9–10 har tagits bort", stdout, StringComparison.Ordinal);
            Assert.Equal("cli:broken:9", (await store.EntriesAsync())[^1].ResourceId);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Audit__CheckpointDirectory", null);
            Environment.SetEnvironmentVariable("Audit__CheckpointSigningKey", null);
        }
    }

    [Fact]
    public void Verify_WithoutAnyCheckpoint_SaysPlainlyThatADeletedTailCannotBeSeen()
    {
        var (exit, stdout, stderr) = Run();

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("VARNING: ingen kontrollpunkt att jämföra med", stdout, StringComparison.Ordinal);
        Assert.Contains("Om poster i slutet av loggen har tagits bort kan det inte upptäckas.", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WithoutConnectionOrKey_IsAUsageError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(2, CliApp.Run(["audit", "verify"], output, error));
        Assert.Contains("--connection", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=/nowhere/data/samverkan.db", null)]
    [InlineData("Host=/nowhere-at-all;Database=x;Timeout=2", null)]
    [InlineData("Host=/tmp;Database=x", "Oracle")]
    public void Verify_AConnectionTheProviderCannotUse_IsASwedishUsageAnswer_NotAStackTrace(string connection, string? provider)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["audit", "verify", "--connection", connection, "--key", TestKeys.AuditChainKey, .. provider is null ? Array.Empty<string>() : ["--provider", provider]];

        var exit = CliApp.Run(args, output, error);

        Assert.Equal(CliApp.Usage, exit);
        Assert.Contains("--provider", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/nowhere", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebVerification_ReportsProgressAndIsRecordedWithItsResult()
    {
        await using var scope = store.Services.CreateAsyncScope();
        var dpo = await AuditTestHost.AsAsync(store.Services, "dataskyddsombud", Purposes.LogReview) with { Mfa = true };
        var seen = new List<long>();
        var report = await scope.ServiceProvider.GetRequiredService<AuditIntegrity>().VerifyAsync(dpo, new SyncProgress(seen.Add), CancellationToken.None);

        Assert.True(report.IsIntact);
        Assert.Equal([10L], seen);
        var last = (await store.EntriesAsync())[^1];
        Assert.Equal("audit.verify", last.Action);
        Assert.Equal("intact:10", last.ResourceId);
        Assert.Equal("AUDIT-R-004", last.RuleIds);

        var socialWorker = await AuditTestHost.AsAsync(store.Services, "socialsekreterare", Purposes.LogReview) with { Mfa = true };
        await Assert.ThrowsAsync<AccessDeniedException>(() => scope.ServiceProvider.GetRequiredService<AuditIntegrity>().VerifyAsync(socialWorker, null, CancellationToken.None));
    }

    [Fact]
    public async Task CheckpointExport_ZipsEveryCheckpointAndThePublicKey_AndIsAudited()
    {
        await using var scope = store.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>().WriteAsync(scope.ServiceProvider.GetRequiredService<SekretessDbContext>(), CancellationToken.None);
        var dpo = await AuditTestHost.AsAsync(store.Services, "dataskyddsombud", Purposes.LogReview) with { Mfa = true };
        using var zipStream = new MemoryStream();

        Assert.True(await scope.ServiceProvider.GetRequiredService<AuditIntegrity>().ExportCheckpointsAsync(dpo, zipStream, CancellationToken.None));

        zipStream.Position = 0;
        using var zip = new System.IO.Compression.ZipArchive(zipStream);
        var names = zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["audit-checkpoint-000000000000010.json", "checkpoint-public-key.pem"], names);
        using var reader = new StreamReader(zip.GetEntry("checkpoint-public-key.pem")!.Open());
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", await reader.ReadToEndAsync(), StringComparison.Ordinal);
        var last = (await store.EntriesAsync())[^1];
        Assert.Equal("audit.checkpoint.export", last.Action);
        Assert.Equal("files:1", last.ResourceId);
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
