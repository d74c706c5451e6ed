using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Samverkan.Sekretess.Core.Hosting;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>
/// Hangfire: PostgreSQL storage (schema "hangfire") beside a PostgreSQL database, a SQLite file beside the embedded
/// database, in-memory for tests, or none (Jobs:Storage). Jobs carry no arguments at all — each run finds its own work
/// by ids — and run as system accounts through the access gateway (Core: EndOfNeedToKnow, ConsentExpiry, NightlyChecks).
/// </summary>
internal static class JobsSetup
{
    /// <summary>Adds Hangfire and its server; returns the storage in use (None: nothing added).</summary>
    public static string AddSamverkanJobs(this WebApplicationBuilder builder, DatabaseOptions database, string? dataDirectory)
    {
        var options = builder.Configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        var storage = ResolveStorage(options.Storage, database.Provider);
        if (storage == JobStorages.None) return storage;

        builder.Services.AddHangfire(cfg =>
        {
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            switch (storage)
            {
                case JobStorages.PostgreSql:
                    cfg.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString),
                        new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(5) });
                    break;
                case JobStorages.Sqlite:
                    var folder = dataDirectory ?? throw new InvalidOperationException("Jobs:Storage=SQLite needs the embedded data folder.");
                    var file = Path.Combine(folder, "hangfire.db");
                    Infrastructure.EmbeddedKeys.SecureDatabaseFile("Data Source=" + file); // 0600 like the database beside it
                    cfg.UseSQLiteStorage(file, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(2) });
                    break;
                default:
                    cfg.UseInMemoryStorage();
                    break;
            }
        });
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = Math.Max(1, options.WorkerCount);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(15);
            o.ShutdownTimeout = TimeSpan.FromSeconds(10);
        });
        return storage;
    }

    /// <summary>Registers (or updates) the recurring jobs with their schedules from configuration (UTC).</summary>
    public static void RegisterRecurringJobs(this WebApplication app)
    {
        var options = app.Configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<NeedToKnowJob>(NeedToKnowJob.Id, j => j.RunAsync(CancellationToken.None), options.NeedToKnowCron, utc);
        jobs.AddOrUpdate<ConsentReminderJob>(ConsentReminderJob.Id, j => j.RunAsync(CancellationToken.None), options.ConsentRemindersCron, utc);
        jobs.AddOrUpdate<NightlyIntegrityJob>(NightlyIntegrityJob.Id, j => j.RunAsync(CancellationToken.None), options.NightlyCron, utc);
        jobs.AddOrUpdate<AnomalyScanJob>(AnomalyScanJob.Id, j => j.RunAsync(CancellationToken.None), options.AnomalyScanCron, utc);
        jobs.AddOrUpdate<KeyRingJob>(KeyRingJob.Id, j => j.RunAsync(CancellationToken.None), options.KeyRingCron, utc);
        jobs.AddOrUpdate<NotificationMailJob>(NotificationMailJob.Id, j => j.RunAsync(CancellationToken.None), options.NotificationMailCron, utc);
        jobs.AddOrUpdate<TokenPruningJob>(TokenPruningJob.Id, j => j.RunAsync(CancellationToken.None), options.TokenPruningCron, utc);
        jobs.AddOrUpdate<RetentionProposeJob>(RetentionProposeJob.Id, j => j.RunAsync(CancellationToken.None), options.RetentionProposeCron, utc);
        jobs.AddOrUpdate<RetentionExecuteJob>(RetentionExecuteJob.Id, j => j.RunAsync(CancellationToken.None), options.RetentionExecuteCron, utc);
        jobs.AddOrUpdate<AuditCheckpointJob>(AuditCheckpointJob.Id, j => j.RunAsync(CancellationToken.None), options.CheckpointCron, utc);
    }

    /// <summary>
    /// Auto follows the database: SQLite file with SQLite, PostgreSQL storage with PostgreSQL. SQL Server has no Hangfire
    /// storage here (Hangfire.SqlServer is not among the packages this project uses), so Auto falls back to in-memory
    /// storage: the jobs still run on schedule (registered at every start), but history is lost on restart and several
    /// instances each run them — harmless, because every job is idempotent.
    /// </summary>
    internal static string ResolveStorage(string configured, string databaseProvider)
    {
        var known = new[] { JobStorages.Auto, JobStorages.None, JobStorages.InMemory, JobStorages.Sqlite, JobStorages.PostgreSql };
        var storage = known.FirstOrDefault(k => string.Equals(k, configured, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"Jobs:Storage must be one of {string.Join(", ", known)}.");
        if (storage != JobStorages.Auto) return storage;
        return databaseProvider switch
        {
            DatabaseProviders.Sqlite => JobStorages.Sqlite,
            DatabaseProviders.PostgreSql => JobStorages.PostgreSql,
            _ => JobStorages.InMemory,
        };
    }
}
