using Hangfire;
using Samverkan.Sekretess.Core.Audit;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>The anomaly scan of new audit entries for the DPO's log follow-up (rules in policies/log-review).</summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 900)]
public sealed partial class AnomalyScanJob(NightlyChecks checks, ILogger<AnomalyScanJob> logger)
{
    public const string Id = "avvikelser";

    public async Task RunAsync(CancellationToken ct)
    {
        var flags = await checks.ScanAnomaliesAsync(ct);
        if (flags > 0) Log(flags);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Anomaly scan raised {Flags} flags")]
    private partial void Log(int flags);
}
