using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// Signs checkpoints of the chain head and checks the live chain against them. Before signing, the chain
/// is verified from the newest valid checkpoint in the folder (or from genesis) to the head, so a
/// checkpoint never blesses a chain that is already broken.
/// </summary>
internal sealed class AuditCheckpoints(IOptions<AuditCheckpointOptions> options, AuditChainVerifier verifier, TimeProvider clock) : IDisposable
{
    private const string FilePrefix = "audit-checkpoint-";
    private readonly AuditCheckpointOptions _options = options.Value;
    private readonly Lazy<ECDsa> _signingKey = new(() => LoadKey(options.Value.CheckpointSigningKey, "Audit:CheckpointSigningKey", privateKey: true));
    private readonly Lazy<ECDsa> _verificationKey = new(() => string.IsNullOrWhiteSpace(options.Value.CheckpointVerificationKey)
        ? LoadKey(options.Value.CheckpointSigningKey, "Audit:CheckpointSigningKey (or Audit:CheckpointVerificationKey)", privateKey: true)
        : LoadKey(options.Value.CheckpointVerificationKey, "Audit:CheckpointVerificationKey", privateKey: false));

    /// <summary>Fail closed: with checkpoints on, a missing or unusable key or folder stops the app at startup.</summary>
    public void ValidateConfiguration()
    {
        if (!_options.CheckpointsEnabled) return;
        const string hint = " Checkpoints are on by default, since without them removed entries at the end of the audit log go unnoticed;"
            + " configure both (SECURITY.md, \"Operations guide: audit checkpoints\") or set Audit:CheckpointsEnabled=false knowingly.";
        if (string.IsNullOrWhiteSpace(_options.CheckpointSigningKey))
            throw new InvalidOperationException("Audit:CheckpointSigningKey (an ECDSA P-256 private key, PEM) is missing." + hint);
        if (string.IsNullOrWhiteSpace(_options.CheckpointDirectory))
            throw new InvalidOperationException("Audit:CheckpointDirectory is missing." + hint);
        _ = _signingKey.Value;
        Directory.CreateDirectory(_options.CheckpointDirectory);
        if (_options.CheckpointInterval <= TimeSpan.Zero)
            throw new InvalidOperationException("Audit:CheckpointInterval must be positive.");
    }

    /// <summary>Signs the current head and writes it to the checkpoint folder. Null when the log is empty.</summary>
    public async Task<(AuditCheckpoint Checkpoint, string Path)?> WriteAsync(SekretessDbContext db, CancellationToken ct)
    {
        ValidateConfigurationForWrite();
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash, a.PolicyVersion }).FirstOrDefaultAsync(ct);
        if (head is null) return null;

        var previous = LatestValid();
        // A head below the newest checkpoint is a truncated log: signing it would make the loss look like history.
        if (previous is { } newest && newest.Sequence > head.Sequence)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Audit chain head {head.Sequence} is below the newest checkpoint {newest.Sequence}: entries were removed. No checkpoint was signed."));
        var report = previous is { } p
            ? await verifier.VerifyAsync(db, p.Sequence, p.Hash, head.Sequence, ct)
            : await verifier.VerifyAsync(db, 0, AuditHasher.GenesisHash, head.Sequence, ct);
        if (!report.IsIntact || report.HeadHash != head.Hash)
            throw new InvalidOperationException(
                $"Audit chain does not verify at entry {report.FirstBrokenSequence}: {report.Problem} No checkpoint was signed.");

        var key = _signingKey.Value;
        var keyId = AuditCheckpoint.KeyIdOf(key);
        var createdAt = clock.GetUtcNow();
        var policyVersion = string.IsNullOrEmpty(head.PolicyVersion) ? null : head.PolicyVersion;
        var signature = key.SignData(AuditCheckpoint.Payload(head.Sequence, head.Hash, createdAt, policyVersion, keyId),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var checkpoint = new AuditCheckpoint(head.Sequence, head.Hash, createdAt, policyVersion, keyId, Convert.ToBase64String(signature));

        var path = Path.Combine(_options.CheckpointDirectory,
            FilePrefix + head.Sequence.ToString("D15", CultureInfo.InvariantCulture) + ".json");
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, checkpoint.ToJson(), ct);
        File.Move(temp, path, overwrite: true);
        return (checkpoint, path);
    }

    /// <summary>
    /// Checks the signature, then that the live chain verifies up to the checkpoint and that the entry at the
    /// checkpoint still has the signed hash: catches truncation and rewritten history even with the HMAC key.
    /// </summary>
    public async Task<AuditCheckpointReport> VerifyAsync(SekretessDbContext db, AuditCheckpoint checkpoint, CancellationToken ct)
    {
        if (!checkpoint.HasValidSignature(_verificationKey.Value))
            return new(false, false, checkpoint.Sequence, 0, null, "Kontrollpunktens signatur är ogiltig (fel nyckel eller ändrad fil).");

        var report = await verifier.VerifyAsync(db, 0, AuditHasher.GenesisHash, checkpoint.Sequence, ct);
        if (!report.IsIntact)
            return new(false, true, checkpoint.Sequence, report.EntriesChecked, report.FirstBrokenSequence, report.Problem);
        if (report.EntriesChecked < checkpoint.Sequence)
            return new(false, true, checkpoint.Sequence, report.EntriesChecked, report.EntriesChecked + 1,
                $"Loggen har trunkerats: kontrollpunkten intygar {checkpoint.Sequence} poster, databasen har {report.EntriesChecked}.");
        if (!string.Equals(report.HeadHash, checkpoint.Hash, StringComparison.Ordinal))
            return new(false, true, checkpoint.Sequence, report.EntriesChecked, checkpoint.Sequence,
                $"Historiken fram till post {checkpoint.Sequence} har skrivits om: hashen stämmer inte med den signerade kontrollpunkten.");
        return new(true, true, checkpoint.Sequence, report.EntriesChecked, null, null);
    }

    /// <summary>True when a key to verify checkpoints with is configured (the verification key, or the signing key's public half).</summary>
    public bool CanVerify => !string.IsNullOrWhiteSpace(_options.CheckpointVerificationKey) || !string.IsNullOrWhiteSpace(_options.CheckpointSigningKey);

    /// <summary>
    /// <see cref="VerifyAsync"/> for many files at once: given the chain already verified from genesis (<paramref name="chain"/>),
    /// each checkpoint costs its signature and one lookup of the hash at its sequence instead of another walk of the chain.
    /// </summary>
    public async Task<AuditCheckpointReport> CheckAsync(SekretessDbContext db, AuditCheckpoint checkpoint, AuditChainReport chain, CancellationToken ct)
    {
        if (!checkpoint.HasValidSignature(_verificationKey.Value))
            return new(false, false, checkpoint.Sequence, 0, null, "Kontrollpunktens signatur är ogiltig (fel nyckel eller ändrad fil).");
        var verified = chain.IsIntact ? chain.EntriesChecked : chain.FirstBrokenSequence!.Value - 1;
        if (checkpoint.Sequence > verified)
        {
            var truncated = chain.IsIntact || chain.Tail is { State: AuditTailState.Truncated };
            return truncated
                ? new(false, true, checkpoint.Sequence, verified, verified + 1,
                    $"Loggen har trunkerats: kontrollpunkten intygar {checkpoint.Sequence} poster, databasen har {verified}.")
                : new(false, true, checkpoint.Sequence, verified, chain.FirstBrokenSequence, chain.Problem);
        }

        var hash = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == checkpoint.Sequence).Select(e => e.Hash).SingleAsync(ct);
        return string.Equals(hash, checkpoint.Hash, StringComparison.Ordinal)
            ? new(true, true, checkpoint.Sequence, checkpoint.Sequence, null, null)
            : new(false, true, checkpoint.Sequence, checkpoint.Sequence - 1, checkpoint.Sequence,
                $"Historiken fram till post {checkpoint.Sequence} har skrivits om: hashen stämmer inte med den signerade kontrollpunkten.");
    }

    public bool IsSignatureValid(AuditCheckpoint checkpoint) => checkpoint.HasValidSignature(_verificationKey.Value);

    /// <summary>The verification (public) key as PEM, for verifying exported checkpoints off the box; null if no key is configured.</summary>
    public string? VerificationKeyPem()
    {
        if (string.IsNullOrWhiteSpace(_options.CheckpointVerificationKey) && string.IsNullOrWhiteSpace(_options.CheckpointSigningKey)) return null;
        return _verificationKey.Value.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>The newest checkpoint file in the folder whose signature verifies, if any.</summary>
    public AuditCheckpoint? LatestValid()
    {
        if (string.IsNullOrWhiteSpace(_options.CheckpointDirectory) || !Directory.Exists(_options.CheckpointDirectory)) return null;
        foreach (var file in Directory.GetFiles(_options.CheckpointDirectory, FilePrefix + "*.json").OrderDescending(StringComparer.Ordinal))
        {
            try
            {
                var cp = AuditCheckpoint.FromJson(File.ReadAllText(file));
                if (cp.HasValidSignature(_verificationKey.Value)) return cp;
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or IOException)
            {
                // An unreadable file is skipped here; the DPO's verification of that file reports it.
            }
        }

        return null;
    }

    private void ValidateConfigurationForWrite()
    {
        _ = _signingKey.Value;
        if (string.IsNullOrWhiteSpace(_options.CheckpointDirectory))
            throw new InvalidOperationException("Audit:CheckpointDirectory is not configured.");
        Directory.CreateDirectory(_options.CheckpointDirectory);
    }

    private static ECDsa LoadKey(string pem, string name, bool privateKey)
    {
        if (string.IsNullOrWhiteSpace(pem))
            throw new InvalidOperationException($"{name} is missing: audit checkpoints cannot be signed or verified (fail closed).");
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{name} is not a valid PEM ECDSA key.", e);
        }

        var parameters = key.ExportParameters(false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new InvalidOperationException($"{name} must be an ECDSA P-256 key.");
        }

        if (privateKey)
        {
            try
            {
                _ = key.ExportParameters(true);
            }
            catch (CryptographicException e)
            {
                key.Dispose();
                throw new InvalidOperationException($"{name} must be a private key.", e);
            }
        }

        return key;
    }

    public void Dispose()
    {
        if (_signingKey.IsValueCreated) _signingKey.Value.Dispose();
        if (_verificationKey.IsValueCreated) _verificationKey.Value.Dispose();
    }
}
