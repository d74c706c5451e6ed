using Hangfire;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>Nightly: key-ring health (administrators notified on a problem), then re-encryption of whatever is still under an older key.</summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 3600)]
public sealed partial class KeyRingJob(KeyMaintenance keys, ILogger<KeyRingJob> logger)
{
    public const string Id = "nyckelring";

    public async Task RunAsync(CancellationToken ct)
    {
        var health = await keys.CheckHealthAsync(ct);
        var moved = await keys.ReEncryptAsync(ct);
        Log(health.Healthy, health.Problems.Count, moved.ReEncrypted, moved.Remaining);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Key ring: healthy {Healthy} ({Problems} problems); re-encrypted {Done}, {Left} left under older keys")]
    private partial void Log(bool healthy, int problems, int done, int left);
}
