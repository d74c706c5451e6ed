using Hangfire;
using Samverkan.Sekretess.Core.Retention;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>Monthly: the dry-run thinning list (gallringslista) per authority. Deletes nothing; an arkivarie approves or rejects it.</summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 3600)]
public sealed partial class RetentionProposeJob(ThinningRuns runs, ILogger<RetentionProposeJob> logger)
{
    public const string Id = "gallringslista";

    public async Task RunAsync(CancellationToken ct)
    {
        var proposed = await runs.ProposeAsync(ct);
        Log(proposed.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Thinning: {Lists} dry-run lists proposed")]
    private partial void Log(int lists);
}
