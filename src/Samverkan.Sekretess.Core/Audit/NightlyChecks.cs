using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Core.Notifications;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>Outcome of the chain verification and checkpoint step.</summary>
public sealed record ChainCheckResult(bool Intact, long EntriesChecked, long? FirstBrokenSequence, long? CheckpointSequence, string? CheckpointPath);

/// <summary>
/// The nightly integrity work, run by the operator authority's system account (SystemActors.ForOperatorAsync) through the
/// gateway (JOB-AUD-001) and audited like a DPO's: verify the whole audit chain (audit.verify, the result recorded
/// as "intact:N" / "broken:S"), then — only if it is intact — sign a checkpoint of the head and write it to the
/// checkpoint folder, which in production is storage outside the box (audit.checkpoint, "seq:N"). A broken chain
/// alerts every DPO. Also the anomaly scan for the log follow-up (audit.scan, "flags:N").
/// </summary>
public sealed class NightlyChecks
{
    private readonly SekretessDbContext _db;
    private readonly SystemActors _system;
    private readonly AccessGateway _gateway;
    private readonly AuditIntegrity _integrity;
    private readonly AuditCheckpoints _checkpoints;
    private readonly AnomalyScanner _scanner;
    private readonly Notifier _notifier;

    internal NightlyChecks(SekretessDbContext db, SystemActors system, AccessGateway gateway, AuditIntegrity integrity, AuditCheckpoints checkpoints,
        AnomalyScanner scanner, Notifier notifier)
    {
        _db = db;
        _system = system;
        _gateway = gateway;
        _integrity = integrity;
        _checkpoints = checkpoints;
        _scanner = scanner;
        _notifier = notifier;
    }

    public async Task<ChainCheckResult> VerifyChainAndCheckpointAsync(CancellationToken ct)
    {
        var context = await _system.ForOperatorAsync(ct);
        var report = await _integrity.VerifyAsync(context, null, ct);
        if (!report.IsIntact)
        {
            await AlertDposAsync(NotificationKinds.AuditChainBroken, "audit.chain.broken:" + report.FirstBrokenSequence, ct);
            return new ChainCheckResult(false, report.EntriesChecked, report.FirstBrokenSequence, null, null);
        }

        var written = await SignCheckpointAsync(context, ct);
        return new ChainCheckResult(true, report.EntriesChecked, null, written?.Checkpoint.Sequence, written?.Path);
    }

    /// <summary>Signs a checkpoint of the head without a full verification first (AuditCheckpoints verifies from the last checkpoint).</summary>
    public async Task<long?> CheckpointAsync(CancellationToken ct) => _integrity.CheckpointsConfigured
        ? (await SignCheckpointAsync(await _system.ForOperatorAsync(ct), ct))?.Checkpoint.Sequence
        : null;

    /// <summary>
    /// When checkpoints are configured: decide audit.checkpoint, sign the head into the folder (the chain since the last
    /// checkpoint is verified first, in the grant's transaction), record "seq:N". An empty log signs nothing and records nothing.
    /// </summary>
    private async Task<(AuditCheckpoint Checkpoint, string Path)?> SignCheckpointAsync(ProcessContext context, CancellationToken ct)
    {
        if (!_integrity.CheckpointsConfigured) return null;
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AuditCheckpoint, LogScope.Target()), ct);
        var written = await _checkpoints.WriteAsync(_db, ct);
        if (written is not { } w) return null;
        grant.Draft = grant.Draft with { ResourceId = "seq:" + w.Checkpoint.Sequence.ToString(CultureInfo.InvariantCulture) };
        await grant.WriteAsync(() => Task.CompletedTask, ct);
        return written;
    }

    /// <summary>The anomaly scan as the operator's system account: the scan joins the grant's transaction, so the flags and the entry ("flags:N") commit together.</summary>
    public async Task<int> ScanAnomaliesAsync(CancellationToken ct)
    {
        var context = await _system.ForOperatorAsync(ct);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AuditScan, LogScope.Target()), ct);
        return await grant.WriteAsync(async () =>
        {
            var flags = await _scanner.ScanAsync(_db, 200_000, ct);
            grant.Draft = grant.Draft with { ResourceId = "flags:" + flags.ToString(CultureInfo.InvariantCulture) };
            return flags;
        }, ct);
    }

    /// <summary>One content-free alert per DPO of every authority (each DPO answers for their own authority's log).</summary>
    internal async Task AlertDposAsync(string kind, string dedupKey, CancellationToken ct)
    {
        var authorities = await _db.Users.AsNoTracking().Where(u => u.Role == Roles.DataProtectionOfficer && !u.Disabled)
            .Select(u => u.AuthorityId).Distinct().ToListAsync(ct);
        foreach (var authority in authorities) await _notifier.ToDpoAsync(authority, kind, null, null, dedupKey, ct);
        await _db.SaveChangesAsync(ct);
    }
}
