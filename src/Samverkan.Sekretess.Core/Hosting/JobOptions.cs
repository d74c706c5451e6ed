namespace Samverkan.Sekretess.Core.Hosting;

/// <summary>Configuration section "Jobs": Hangfire storage and the schedules of the background jobs (cron, UTC).</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Auto (default: SQLite file beside the embedded database, PostgreSQL storage with a PostgreSQL database),
    /// PostgreSql, SQLite, InMemory (tests, a single throwaway instance) or None (no Hangfire at all; the audit
    /// checkpoint and anomaly scan then run on plain timers, and nothing else runs in the background).
    /// </summary>
    public string Storage { get; set; } = JobStorages.Auto;

    /// <summary>Authority code whose system account runs the system-wide checks (audit chain, key ring). Empty: the first social-services authority.</summary>
    public string? OperatorAuthority { get; set; }

    /// <summary>Ends shares whose basis has gone and lapses expired consents. Every minute, so access ends within a minute.</summary>
    public string NeedToKnowCron { get; set; } = "* * * * *";

    /// <summary>Consent reminders 30 and 7 days before expiry.</summary>
    public string ConsentRemindersCron { get; set; } = "0 6 * * *";

    /// <summary>Audit chain verification, signed checkpoint and key-ring health.</summary>
    public string NightlyCron { get; set; } = "30 2 * * *";

    /// <summary>Anomaly scan of new audit entries for the DPO's log follow-up.</summary>
    public string AnomalyScanCron { get; set; } = "*/15 * * * *";

    /// <summary>Signed checkpoint of the audit chain head (only when Audit:CheckpointsEnabled).</summary>
    public string CheckpointCron { get; set; } = "*/15 * * * *";

    /// <summary>Key-ring health and re-encryption to the current key.</summary>
    public string KeyRingCron { get; set; } = "0 3 * * *";

    /// <summary>Content-free e-mail for new notifications (only when Notifications:Email:Enabled).</summary>
    public string NotificationMailCron { get; set; } = "* * * * *";

    /// <summary>Pruning of expired OpenID Connect tokens and authorizations.</summary>
    public string TokenPruningCron { get; set; } = "15 4 * * *";

    /// <summary>The monthly dry-run thinning lists (gallringslista).</summary>
    public string RetentionProposeCron { get; set; } = "0 3 1 * *";

    /// <summary>Thinning of approved lists.</summary>
    public string RetentionExecuteCron { get; set; } = "45 3 * * *";

    /// <summary>Hangfire worker count; small, the jobs are I/O bound and the machine is shared with the web host.</summary>
    public int WorkerCount { get; set; } = 2;

    public bool Enabled => !string.Equals(Storage, JobStorages.None, StringComparison.OrdinalIgnoreCase);
}

public static class JobStorages
{
    public const string Auto = "Auto";
    public const string None = "None";
    public const string InMemory = "InMemory";
    public const string Sqlite = "SQLite";
    public const string PostgreSql = "PostgreSql";
}
