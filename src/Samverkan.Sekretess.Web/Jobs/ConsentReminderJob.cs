using Hangfire;
using Samverkan.Sekretess.Core.Consents;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>Daily: the 30- and 7-day consent reminders to the authority that documented each consent (and any lapse due).</summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed partial class ConsentReminderJob(ConsentExpiry consents, ILogger<ConsentReminderJob> logger)
{
    public const string Id = "samtycke-paminnelser";

    public async Task RunAsync(CancellationToken ct)
    {
        var result = await consents.RemindAndLapseAsync(ct);
        Log(result.Reminded, result.Lapsed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent reminders: {Reminded} sent, {Lapsed} lapsed")]
    private partial void Log(int reminded, int lapsed);
}
