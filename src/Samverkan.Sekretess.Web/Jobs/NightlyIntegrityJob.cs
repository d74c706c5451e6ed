using Hangfire;
using Samverkan.Sekretess.Core.Audit;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>
/// Nightly: verify the whole audit chain and, if intact, sign a checkpoint into the checkpoint folder (which in
/// production is storage outside the box). A broken chain alerts every DPO and fails the job, so the dashboard shows it.
/// </summary>
[AutomaticRetry(Attempts = 1)]
[DisableConcurrentExecution(timeoutInSeconds: 3600)]
public sealed partial class NightlyIntegrityJob(NightlyChecks checks, ILogger<NightlyIntegrityJob> logger)
{
    public const string Id = "natt-integritet";

    public async Task RunAsync(CancellationToken ct)
    {
        var chain = await checks.VerifyChainAndCheckpointAsync(ct);
        if (!chain.Intact)
        {
            LogBroken(chain.FirstBrokenSequence);
            throw new InvalidOperationException($"The audit chain does not verify at entry {chain.FirstBrokenSequence}.");
        }

        LogIntact(chain.EntriesChecked, chain.CheckpointSequence);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly: audit chain intact ({Entries} entries), checkpoint at {Checkpoint}")]
    private partial void LogIntact(long entries, long? checkpoint);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Nightly: audit chain broken at entry {Sequence}")]
    private partial void LogBroken(long? sequence);
}
