using Hangfire;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.NeedToKnow;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>
/// Every minute: lapse consents whose validity has run out, then end every share whose basis has gone (case closed,
/// recipient removed, consent withdrawn or expired). Both steps are idempotent, so a retry after a failure halfway
/// only finishes what is left.
/// </summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 300)]
public sealed partial class NeedToKnowJob(ConsentExpiry consents, EndOfNeedToKnow needToKnow, ILogger<NeedToKnowJob> logger)
{
    public const string Id = "behorighet-upphor";

    public async Task RunAsync(CancellationToken ct)
    {
        var lapsed = await consents.LapseExpiredAsync(ct);
        var ended = await needToKnow.RunAsync(ct);
        if (lapsed.Lapsed + ended.Ended + ended.Refused > 0) Log(lapsed.Lapsed, ended.Ended, ended.Refused);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Need-to-know job: {Lapsed} consents lapsed, {Ended} shares ended, {Refused} refused by policy")]
    private partial void Log(int lapsed, int ended, int refused);
}
