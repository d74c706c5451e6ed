using Hangfire;
using Samverkan.Sekretess.Core.Retention;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>
/// Nightly: thins (or delivers to the archive) the records of lists an arkivarie approved, one record per transaction,
/// holds re-checked for each; a retry continues where a failed run stopped.
/// </summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 3600)]
public sealed partial class RetentionExecuteJob(ThinningRuns runs, ILogger<RetentionExecuteJob> logger)
{
    public const string Id = "gallring";

    public async Task RunAsync(CancellationToken ct)
    {
        var done = await runs.ExecuteApprovedAsync(ct);
        if (done > 0) Log(done);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Thinning: {Records} records thinned or delivered")]
    private partial void Log(int records);
}
