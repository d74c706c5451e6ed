using Hangfire;
using Samverkan.Sekretess.Core.Audit;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>
/// Between the nightly full verifications: sign a checkpoint of the chain head (verified from the last checkpoint)
/// when checkpoints are configured (Audit:CheckpointsEnabled); each signing is itself an audit entry.
/// </summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 900)]
public sealed partial class AuditCheckpointJob(NightlyChecks checks, ILogger<AuditCheckpointJob> logger)
{
    public const string Id = "kontrollpunkt";

    public async Task RunAsync(CancellationToken ct)
    {
        if (await checks.CheckpointAsync(ct) is { } sequence) Log(sequence);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint signed at entry {Sequence}")]
    private partial void Log(long sequence);
}
