namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// Configuration section "Audit": signed checkpoints of the chain head, written as JSON files to a folder
/// that is shipped off the box (backup, WORM share, the DPO's archive). The signing key is an ECDSA P-256
/// private key (PEM) that is separate from the chain's HMAC key, so whoever holds the HMAC key still
/// cannot rewrite or truncate history up to a checkpoint without it being detected.
/// </summary>
public sealed class AuditCheckpointOptions
{
    public const string Section = "Audit";

    /// <summary>
    /// On by default: write a signed checkpoint every <see cref="CheckpointInterval"/> and at shutdown. When on, a missing key
    /// or folder stops the app (the embedded default makes its own, in data/). Without checkpoints, removed entries at the
    /// end of the log cannot be detected; every verification then says so.
    /// </summary>
    public bool CheckpointsEnabled { get; set; } = true;

    /// <summary>ECDSA P-256 private key, PEM ("BEGIN PRIVATE KEY" or "BEGIN EC PRIVATE KEY").</summary>
    public string CheckpointSigningKey { get; set; } = "";

    /// <summary>Public key (PEM) used to verify checkpoint files; defaults to the signing key's public half.</summary>
    public string CheckpointVerificationKey { get; set; } = "";

    /// <summary>Folder the checkpoint files are written to.</summary>
    public string CheckpointDirectory { get; set; } = "";

    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(15);
}
