using Hangfire;
using Samverkan.Sekretess.Core.Notifications;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>Every minute: the content-free e-mail for new notifications, when Notifications:Email:Enabled (otherwise nothing).</summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 300)]
public sealed partial class NotificationMailJob(NotificationMailer mailer, ILogger<NotificationMailJob> logger)
{
    public const string Id = "epost-aviseringar";

    public async Task RunAsync(CancellationToken ct)
    {
        var sent = await mailer.SendPendingAsync(ct);
        if (sent > 0) Log(sent);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification e-mail: {Sent} sent")]
    private partial void Log(int sent);
}
