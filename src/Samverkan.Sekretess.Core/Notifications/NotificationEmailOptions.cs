namespace Samverkan.Sekretess.Core.Notifications;

/// <summary>
/// Configuration section "Notifications:Email": the optional e-mail that tells a user there is a new notification.
/// Off by default. The mail carries a fixed text and a link to the notifications page — never case content.
/// </summary>
public sealed class NotificationEmailOptions
{
    public const string Section = "Notifications:Email";

    public bool Enabled { get; set; }
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    /// <summary>Demand STARTTLS (the default). Only turn it off for a relay on the same host or in tests.</summary>
    public bool UseStartTls { get; set; } = true;
    /// <summary>Sender address, e.g. "Samverkan.Sekretess &lt;noreply@kommun.se&gt;".</summary>
    public string From { get; set; } = "";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>The app's public address; the mail links to {BaseUrl}/Notifications.</summary>
    public string BaseUrl { get; set; } = "";
    /// <summary>Notices handled per run (a bounded batch; the next run takes the rest).</summary>
    public int BatchSize { get; set; } = 50;
    /// <summary>A notice whose mail failed this many times is left unmailed for good (it stays visible in the app).</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>Older notices are not mailed (e.g. when e-mail is switched on for the first time, or after a long outage).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(3);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Null when usable; otherwise what is missing (configuration keys only, never values).</summary>
    public string? Problem()
    {
        if (!Enabled) return null;
        if (string.IsNullOrWhiteSpace(Host)) return "Notifications:Email:Host is required when e-mail is enabled.";
        if (!MimeKit.MailboxAddress.TryParse(From, out _)) return "Notifications:Email:From must be an e-mail address.";
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "Notifications:Email:BaseUrl must be the app's absolute http(s) address.";
        if (Port is <= 0 or > 65535) return "Notifications:Email:Port is out of range.";
        if (BatchSize <= 0 || MaxAttempts <= 0) return "Notifications:Email:BatchSize and MaxAttempts must be positive.";
        return null;
    }
}
