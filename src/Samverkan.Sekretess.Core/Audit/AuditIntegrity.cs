using System.Globalization;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.LogReview;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>A checkpoint file in the checkpoint folder, for the DPO's list and download.</summary>
public sealed record CheckpointFileView(string FileName, long Sequence, DateTimeOffset CreatedAt, bool SignatureValid);

/// <summary>
/// The DPO's integrity tools: verify the whole chain with progress and a precise report of the first broken entry
/// (the result itself becomes an audit entry: audit.verify with "intact:N" or "broken:S"), and export the signed
/// checkpoints (plus the public key) for storage outside the system.
/// </summary>
public sealed class AuditIntegrity
{
    /// <summary>The entry's action for a checkpoint export (decided as audit.verify).</summary>
    public const string CheckpointExportAction = "audit.checkpoint.export";
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AuditTailCheck _verifier;
    private readonly AuditCheckpoints _checkpoints;
    private readonly AuditCheckpointOptions _options;

    internal AuditIntegrity(SekretessDbContext db, AccessGateway gateway, AuditTailCheck verifier, AuditCheckpoints checkpoints, IOptions<AuditCheckpointOptions> options)
    {
        _db = db;
        _gateway = gateway;
        _verifier = verifier;
        _checkpoints = checkpoints;
        _options = options.Value;
    }

    /// <summary>
    /// Decides audit.verify (a deny is audited and throws). The page calls it before starting a background verification;
    /// nothing is read, so the grant ends without an entry (the verification itself is one).
    /// </summary>
    public async Task EnsureAllowedAsync(ProcessContext context, CancellationToken ct)
    {
        var grant = await AuthorizeAsync(context, ct);
        await grant.DisposeAsync();
    }

    /// <summary>Number of entries in the chain (the head's sequence), for a progress bar.</summary>
    public async Task<long> HeadSequenceAsync(CancellationToken ct) => await _db.AuditEntries.AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct) ?? 0;

    /// <summary>
    /// Verifies the whole chain in the grant's snapshot and compares its head with the newest signed checkpoint (a deleted
    /// tail is "broken" at the first missing entry); the entry records the result ("intact:N" or "broken:S").
    /// </summary>
    public async Task<AuditChainReport> VerifyAsync(ProcessContext context, IProgress<long>? progress, CancellationToken ct)
    {
        await using var grant = await AuthorizeAsync(context, ct);
        return await grant.ReadAsync(async () =>
        {
            var report = await _verifier.VerifyAsync(_db, progress, ct);
            grant.Draft = grant.Draft with { ResourceId = ResultCode(report) };
            return report;
        }, ct);
    }

    /// <summary>"intact:N" or "broken:S": the verification result as it is recorded in the log.</summary>
    public static string ResultCode(AuditChainReport report) => report.IsIntact
        ? "intact:" + report.EntriesChecked.ToString(CultureInfo.InvariantCulture)
        : "broken:" + report.FirstBrokenSequence?.ToString(CultureInfo.InvariantCulture);

    public bool CheckpointsConfigured => !string.IsNullOrWhiteSpace(_options.CheckpointDirectory) && Directory.Exists(_options.CheckpointDirectory);

    public async Task<IReadOnlyList<CheckpointFileView>> ListCheckpointsAsync(ProcessContext context, CancellationToken ct)
    {
        await using var grant = await AuthorizeAsync(context, ct);
        grant.Draft = grant.Draft with { ResourceId = "checkpoints" };
        return await grant.ReadAsync(async () =>
        {
            var list = new List<CheckpointFileView>();
            if (!CheckpointsConfigured) return list;
            foreach (var file in Directory.GetFiles(_options.CheckpointDirectory, "audit-checkpoint-*.json").OrderDescending(StringComparer.Ordinal).Take(500))
            {
                try
                {
                    var cp = AuditCheckpoint.FromJson(await File.ReadAllTextAsync(file, ct));
                    list.Add(new CheckpointFileView(Path.GetFileName(file), cp.Sequence, cp.CreatedAt, _checkpoints.IsSignatureValid(cp)));
                }
                catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or IOException)
                {
                    list.Add(new CheckpointFileView(Path.GetFileName(file), 0, default, false));
                }
            }

            return (IReadOnlyList<CheckpointFileView>)list;
        }, ct);
    }

    /// <summary>
    /// Writes every checkpoint file and the verification public key (PEM) as a zip, for storage outside the system
    /// (WORM share, the DPO's archive). The grant's entry is durable before the first byte is written.
    /// </summary>
    public async Task<bool> ExportCheckpointsAsync(ProcessContext context, Stream output, CancellationToken ct)
    {
        await using var grant = await AuthorizeAsync(context, ct);
        if (!CheckpointsConfigured) return false; // nothing leaves: no entry
        var files = await grant.ReadAsync(() =>
        {
            var found = Directory.GetFiles(_options.CheckpointDirectory, "audit-checkpoint-*.json").Order(StringComparer.Ordinal).ToList();
            grant.Draft = grant.Draft with { Action = CheckpointExportAction, ResourceId = "files:" + found.Count.ToString(CultureInfo.InvariantCulture) };
            return Task.FromResult(found);
        }, ct);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var file in files)
            await zip.CreateEntryFromFileAsync(file, Path.GetFileName(file), CompressionLevel.Optimal, ct);
        if (_checkpoints.VerificationKeyPem() is { } pem)
        {
            var entry = zip.CreateEntry("checkpoint-public-key.pem");
            await using var w = new StreamWriter(await entry.OpenAsync(ct));
            await w.WriteAsync(pem);
        }

        return true;
    }

    private Task<AccessGateway.Grant> AuthorizeAsync(ProcessContext context, CancellationToken ct) =>
        _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditVerify, LogScope.Target()), ct);
}
