using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>Settings of <c>samverkan audit verify</c>.</summary>
public sealed record AuditVerificationSettings(string Provider, string ConnectionString, string AuditChainKey, string? CheckpointDirectory, string? CheckpointPublicKeyPem);

/// <summary>The outcome: the chain report and each checkpoint file's report.</summary>
public sealed record AuditVerificationOutcome(long HeadSequence, AuditChainReport Chain, IReadOnlyList<(string File, AuditCheckpointReport Report)> Checkpoints)
{
    public bool IsIntact => Chain.IsIntact && Checkpoints.All(c => c.Report.IsValid);
}

/// <summary>
/// The operator's off-line check (the CLI): verifies the hash chain with the HMAC key and every signed checkpoint
/// file with the public key, then records the result as an audit entry ("audit.verify", actor role "system",
/// resource "cli:intact:N" / "cli:broken:S"). It runs outside the web app with the database credentials and keys the
/// operator holds, so it is not a user access decided by the PDP; it reads no case content.
/// </summary>
public static class AuditVerificationTool
{
    public static async Task<AuditVerificationOutcome> RunAsync(AuditVerificationSettings settings, Action<long, long>? progress, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSekretessDbContext(settings.Provider, settings.ConnectionString);
        // Only the chain key is used; the blind-index key is never read by verification.
        services.AddSingleton(Options.Create(new KeyOptions { AuditChainKey = settings.AuditChainKey, BlindIndexKey = settings.AuditChainKey }));
        var checkpointsGiven = !string.IsNullOrWhiteSpace(settings.CheckpointDirectory);
        if (checkpointsGiven && string.IsNullOrWhiteSpace(settings.CheckpointPublicKeyPem))
            throw new InvalidOperationException("--checkpoint-key (publik nyckel, PEM) krävs för att kontrollera kontrollpunkter.");
        services.AddSingleton(Options.Create(new AuditCheckpointOptions
        {
            CheckpointsEnabled = checkpointsGiven,
            CheckpointDirectory = settings.CheckpointDirectory ?? "", CheckpointVerificationKey = settings.CheckpointPublicKeyPem ?? "",
        }));
        services.AddSingleton<AuditHasher>();
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton<AuditCheckpoints>();
        services.AddSingleton<AuditTailCheck>();
        services.AddSingleton<IAuditClient, SystemAuditClient>();
        services.AddSingleton<AuditLog>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();

        var head = await db.AuditEntries.AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
        progress?.Invoke(0, head);
        // The whole chain, then its head against the newest signed checkpoint (a deleted tail is "broken").
        var chain = await scope.ServiceProvider.GetRequiredService<AuditTailCheck>().VerifyAsync(db, new Reporter(head, progress), ct);

        var checkpoints = new List<(string, AuditCheckpointReport)>();
        if (checkpointsGiven && Directory.Exists(settings.CheckpointDirectory))
        {
            var cps = scope.ServiceProvider.GetRequiredService<AuditCheckpoints>();
            foreach (var file in Directory.GetFiles(settings.CheckpointDirectory!, "audit-checkpoint-*.json").Order(StringComparer.Ordinal))
            {
                AuditCheckpointReport report;
                try
                {
                    report = await cps.CheckAsync(db, AuditCheckpoint.FromJson(await File.ReadAllTextAsync(file, ct)), chain, ct);
                }
                catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
                {
                    report = new(false, false, 0, 0, null, "Filen är ingen giltig kontrollpunkt.");
                }

                checkpoints.Add((Path.GetFileName(file), report));
            }
        }

        var outcome = new AuditVerificationOutcome(head, chain, checkpoints);
        var firstBadCheckpoint = checkpoints.FirstOrDefault(c => !c.Item2.IsValid);
        var code = !chain.IsIntact ? AuditIntegrity.ResultCode(chain)
            : firstBadCheckpoint.Item1 is { } bad ? "checkpoint-invalid:" + firstBadCheckpoint.Item2.CheckpointSequence.ToString(CultureInfo.InvariantCulture)
            : AuditIntegrity.ResultCode(chain);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(db, new AuditEntry
        {
            ActorRole = "system", Action = Access.Actions.AuditVerify.Name, ResourceType = Access.ResourceTypes.AuditLog, ResourceId = "cli:" + code, Decision = "permit", PolicyVersion = "",
        }, ct);
        await tx.CommitAsync(ct);
        return outcome;
    }

    private sealed class Reporter(long total, Action<long, long>? progress) : IProgress<long>
    {
        public void Report(long value) => progress?.Invoke(value, total);
    }
}
