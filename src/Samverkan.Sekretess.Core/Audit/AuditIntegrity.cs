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
    private readonly SekretessDbContext _db;
    private readonly LogAccess _access;
    private readonly AuditChainVerifier _verifier;
    private readonly AuditCheckpoints _checkpoints;
    private readonly AuditCheckpointOptions _options;

    internal AuditIntegrity(SekretessDbContext db, LogAccess access, AuditChainVerifier verifier, AuditCheckpoints checkpoints, IOptions<AuditCheckpointOptions> options)
    {
        _db = db;
        _access = access;
        _verifier = verifier;
        _checkpoints = checkpoints;
        _options = options.Value;
    }

    /// <summary>Decides audit.verify (a deny is audited and throws). The page calls it before starting a background verification.</summary>
    public async Task EnsureAllowedAsync(ProcessContext context, CancellationToken ct) => _ = await _access.AuthorizeAsync(context, "audit.verify", ct);

    /// <summary>Number of entries in the chain (the head's sequence), for a progress bar.</summary>
    public async Task<long> HeadSequenceAsync(CancellationToken ct) => await _db.AuditEntries.AsNoTracking().MaxAsync(e => (long?)e.Sequence, ct) ?? 0;

    public async Task<AuditChainReport> VerifyAsync(ProcessContext context, IProgress<long>? progress, CancellationToken ct)
    {
        var scope = await _access.AuthorizeAsync(context, "audit.verify", ct);
        var report = await _verifier.VerifyAsync(_db, progress, ct);
        await _access.AuditNowAsync(scope, context, scope.Draft with { ResourceId = ResultCode(report) }, ct);
        return report;
    }

    /// <summary>"intact:N" or "broken:S": the verification result as it is recorded in the log.</summary>
    public static string ResultCode(AuditChainReport report) => report.IsIntact
        ? "intact:" + report.EntriesChecked.ToString(CultureInfo.InvariantCulture)
        : "broken:" + report.FirstBrokenSequence?.ToString(CultureInfo.InvariantCulture);

    public bool CheckpointsConfigured => !string.IsNullOrWhiteSpace(_options.CheckpointDirectory) && Directory.Exists(_options.CheckpointDirectory);

    public async Task<IReadOnlyList<CheckpointFileView>> ListCheckpointsAsync(ProcessContext context, CancellationToken ct)
    {
        var scope = await _access.AuthorizeAsync(context, "audit.verify", ct);
        var list = new List<CheckpointFileView>();
        if (CheckpointsConfigured)
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

        await _access.AuditReadAsync(scope, context, scope.Draft with { ResourceId = "checkpoints" }, ct);
        return list;
    }

    /// <summary>
    /// Writes every checkpoint file and the verification public key (PEM) as a zip, for storage outside the system
    /// (WORM share, the DPO's archive). The export is audited before anything leaves.
    /// </summary>
    public async Task<bool> ExportCheckpointsAsync(ProcessContext context, Stream output, CancellationToken ct)
    {
        var scope = await _access.AuthorizeAsync(context, "audit.verify", ct);
        if (!CheckpointsConfigured) return false;
        var files = Directory.GetFiles(_options.CheckpointDirectory, "audit-checkpoint-*.json").Order(StringComparer.Ordinal).ToList();
        await _access.AuditNowAsync(scope, context, scope.Draft with { Action = "audit.checkpoint.export", ResourceId = "files:" + files.Count.ToString(CultureInfo.InvariantCulture) }, ct);
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
}
