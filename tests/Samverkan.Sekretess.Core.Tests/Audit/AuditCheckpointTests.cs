using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>
/// Signed checkpoints: exported as JSON files, verifiable with the public key alone, and they catch
/// truncation and rewritten history even by someone who holds the chain's HMAC key.
/// </summary>
public sealed class AuditCheckpointTests(AuditDatabase store) : IClassFixture<AuditDatabase>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync()
    {
        await store.ResetAsync();
        await store.AppendAsync(6);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<(AuditCheckpoint Checkpoint, string Path)> WriteAsync()
    {
        await using var scope = store.Services.CreateAsyncScope();
        var written = await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>()
            .WriteAsync(scope.ServiceProvider.GetRequiredService<SekretessDbContext>(), Ct);
        return written ?? throw new InvalidOperationException("no checkpoint");
    }

    private async Task<AuditCheckpointReport> VerifyAsync(string json)
    {
        await using var scope = store.Services.CreateAsyncScope();
        var dpo = await AuditTestHost.AsAsync(store.Services, "dataskyddsombud", Purposes.LogReview);
        return await scope.ServiceProvider.GetRequiredService<AuditReads>().VerifyAgainstCheckpointAsync(dpo, json, Ct);
    }

    [Fact]
    public async Task Write_SignsTheHeadIntoAJsonFileThatVerifies()
    {
        var (checkpoint, path) = await WriteAsync();

        var entries = await store.EntriesAsync();
        Assert.Equal(entries[^1].Sequence, checkpoint.Sequence);
        Assert.Equal(entries[^1].Hash, checkpoint.Hash);
        Assert.Equal("sha256:test", checkpoint.PolicyVersion);
        var json = await File.ReadAllTextAsync(path, Ct);
        foreach (var field in new[] { "\"sequence\"", "\"hash\"", "\"createdAt\"", "\"policyVersion\"", "\"signature\"" })
            Assert.Contains(field, json, StringComparison.Ordinal);

        var report = await VerifyAsync(json);
        Assert.True(report.IsValid, report.Problem);
        Assert.True(report.SignatureValid);
        Assert.Equal(6, report.EntriesChecked);
    }

    [Fact]
    public async Task Verify_AfterMoreEntries_IsStillValid()
    {
        var (_, path) = await WriteAsync();
        await store.AppendAsync(3);

        var report = await VerifyAsync(await File.ReadAllTextAsync(path, Ct));
        Assert.True(report.IsValid, report.Problem);
    }

    [Fact]
    public async Task Verify_EditedCheckpointFile_FailsOnTheSignature()
    {
        var (checkpoint, _) = await WriteAsync();
        var forged = checkpoint with { Sequence = 3, Hash = (await store.EntriesAsync())[2].Hash };

        var report = await VerifyAsync(forged.ToJson());
        Assert.False(report.IsValid);
        Assert.False(report.SignatureValid);
    }

    [Fact]
    public async Task Verify_CheckpointSignedWithAnotherKey_FailsOnTheSignature()
    {
        var (checkpoint, _) = await WriteAsync();
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = AuditCheckpoint.Payload(checkpoint.Sequence, checkpoint.Hash, checkpoint.CreatedAt, checkpoint.PolicyVersion, checkpoint.KeyId);
        var forged = checkpoint with
        {
            Signature = Convert.ToBase64String(other.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
        };

        Assert.False((await VerifyAsync(forged.ToJson())).SignatureValid);
    }

    [Fact]
    public async Task Verify_TruncatedLog_IsDetectedAlthoughTheShortChainIsIntact()
    {
        var (_, path) = await WriteAsync();
        await using (var db = store.NewDbContext())
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEntries" WHERE "Sequence" > 4""");
        Assert.True((await store.VerifyAsync()).IsIntact); // the HMAC chain alone cannot see a cut tail

        var report = await VerifyAsync(await File.ReadAllTextAsync(path, Ct));
        Assert.False(report.IsValid);
        Assert.True(report.SignatureValid);
        Assert.Equal(5, report.FirstBrokenSequence);
        Assert.Contains("trunkerats", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_HistoryRewrittenWithTheHmacKey_IsDetected()
    {
        var (_, path) = await WriteAsync();

        // The attacker holds the HMAC key (the app's configuration) and rehashes the chain from entry 2 on.
        await using (var scope = store.Services.CreateAsyncScope())
        {
            var hasher = scope.ServiceProvider.GetRequiredService<AuditHasher>();
            await using var db = store.NewDbContext();
            var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync(Ct);
            entries[1].Decision = "deny";
            for (var i = 1; i < entries.Count; i++)
            {
                entries[i].PreviousHash = entries[i - 1].Hash;
                entries[i].Hash = hasher.Compute(entries[i]);
            }

            await db.SaveChangesAsync(Ct);
        }

        Assert.True((await store.VerifyAsync()).IsIntact); // a perfectly valid, forged chain
        var report = await VerifyAsync(await File.ReadAllTextAsync(path, Ct));
        Assert.False(report.IsValid);
        Assert.True(report.SignatureValid);
        Assert.Equal(6, report.FirstBrokenSequence);
        Assert.Contains("skrivits om", report.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_RefusesToSignABrokenChain()
    {
        await WriteAsync();
        await store.AppendAsync(2);
        await using (var db = store.NewDbContext())
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Decision" = 'deny' WHERE "Sequence" = 7""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(WriteAsync);
        Assert.Contains("entry 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_GarbageFile_IsReportedNotThrown()
    {
        var report = await VerifyAsync("{ not json");
        Assert.False(report.IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    public async Task CheckpointsEnabled_WithoutAUsableSigningKey_FailsClosedAtStartup(string pem)
    {
        await using var services = AuditTestHost.Build(store.ConnectionString, new Dictionary<string, string?>
        {
            ["Audit:CheckpointsEnabled"] = "true",
            ["Audit:CheckpointSigningKey"] = pem,
            ["Audit:CheckpointDirectory"] = store.CheckpointDirectory,
        });
        var service = Assert.Single(services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Hosting.AuditCheckpointService>());
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.StartAsync(Ct));
    }

    [Fact]
    public async Task CheckpointsEnabled_WithoutAFolder_FailsClosedAtStartup()
    {
        await using var services = AuditTestHost.Build(store.ConnectionString, new Dictionary<string, string?>
        {
            ["Audit:CheckpointsEnabled"] = "true",
            ["Audit:CheckpointSigningKey"] = store.SigningKeyPem,
            ["Audit:CheckpointDirectory"] = "",
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Hosting.AuditCheckpointService>().Single().StartAsync(Ct));
    }
}
