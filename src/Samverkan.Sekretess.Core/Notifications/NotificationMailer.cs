using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Notifications;

/// <summary>
/// The optional e-mail for in-app notifications (Notifications:Email, off by default). Meant to run as a recurring job:
/// no arguments, idempotent, a bounded batch per run. Each notice not yet mailed gets one message (a fixed text and a
/// link, <see cref="NotificationEmail"/>) to every user who would see it in the app — the policy decision point says
/// who (action notification.read), the user has an e-mail address and is not disabled. A notice is marked
/// <c>MailedAt</c> right after its message is accepted, so a run retried after a partial failure never mails it again;
/// a notice whose send failed stays unmailed for the next run, up to MaxAttempts. Logs notice ids and outcomes only.
/// </summary>
public sealed class NotificationMailer
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly NotificationEmailOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<NotificationMailer> _log;

    internal NotificationMailer(SekretessDbContext db, AccessGateway gateway,
        IOptions<NotificationEmailOptions> options, TimeProvider clock, ILogger<NotificationMailer> log)
    {
        _db = db;
        _gateway = gateway;
        _options = options.Value;
        _clock = clock;
        _log = log;
    }

    /// <summary>Mails pending notices; returns how many messages were sent (0 when e-mail is disabled).</summary>
    public async Task<int> SendPendingAsync(CancellationToken ct)
    {
        if (!_options.Enabled) return 0;
        if (_options.Problem() is { } problem) throw new InvalidOperationException(problem);

        var now = _clock.GetUtcNow().UtcDateTime;
        var since = now - _options.MaxAge;
        var pending = await _db.Notifications.AsNoTracking()
            .Where(n => n.MailedAt == null && n.MailAttempts < _options.MaxAttempts && n.CreatedAt >= since)
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Take(_options.BatchSize)
            .Select(n => new { n.Id, n.RecipientAuthorityId, n.RecipientUserId, n.ReadAt, n.MailAttempts })
            .ToListAsync(ct);
        if (pending.Count == 0) return 0;

        using var smtp = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        var sent = 0;
        foreach (var n in pending)
        {
            var recipients = n.ReadAt is null ? await RecipientsAsync(n.RecipientAuthorityId, n.RecipientUserId, ct) : [];
            if (recipients.Count == 0)
            {
                // Read in the app already, or nobody with an address may see it: nothing to mail, and nothing to retry.
                await MarkMailedAsync(n.Id, ct);
                continue;
            }

            if (!smtp.IsConnected && !await ConnectAsync(smtp, ct)) break; // the mail server is unreachable: every notice waits for the next run
            // Claim the notice (attempts + 1, only if no other run has claimed it meanwhile) before sending.
            if (await _db.Notifications.Where(x => x.Id == n.Id && x.MailedAt == null && x.MailAttempts == n.MailAttempts)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.MailAttempts, x => x.MailAttempts + 1), ct) == 0) continue;
            try
            {
                await smtp.SendAsync(NotificationEmail.Create(_options), MailboxAddress.Parse(_options.From), recipients, ct);
            }
            catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException)
            {
                _log.LogWarning("Notification {NotificationId}: e-mail not sent ({Error}); attempt {Attempt} of {MaxAttempts}.",
                    n.Id, e.GetType().Name, n.MailAttempts + 1, _options.MaxAttempts);
                if (e is SmtpCommandException && smtp.IsConnected) continue; // refused for this message; the connection is still good
                break;
            }

            await MarkMailedAsync(n.Id, ct);
            sent++;
            _log.LogInformation("Notification {NotificationId}: e-mail sent to {RecipientCount} recipient(s).", n.Id, recipients.Count);
        }

        if (smtp.IsConnected) await smtp.DisconnectAsync(quit: true, ct);
        return sent;
    }

    private async Task<bool> ConnectAsync(SmtpClient smtp, CancellationToken ct)
    {
        try
        {
            await smtp.ConnectAsync(_options.Host, _options.Port, _options.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(_options.UserName)) await smtp.AuthenticateAsync(_options.UserName, _options.Password ?? "", ct);
            return true;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException
                                      or AuthenticationException or SslHandshakeException)
        {
            _log.LogWarning("Notification e-mail: the mail server could not be reached or refused the login ({Error}); pending notices wait for the next run.",
                e.GetType().Name);
            return false;
        }
    }

    private Task<int> MarkMailedAsync(Guid id, CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return _db.Notifications.Where(x => x.Id == id && x.MailedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.MailedAt, now), ct);
    }

    /// <summary>
    /// Everyone who would see the notice in the app, asked of the policy decision point as if they opened the
    /// notifications page (so the policy, not this class, decides which roles get notices), with an address, not disabled.
    /// </summary>
    private async Task<List<MailboxAddress>> RecipientsAsync(Guid authorityId, string? userId, CancellationToken ct)
    {
        var users = await _db.Users.AsNoTracking()
            .Where(u => u.AuthorityId == authorityId && !u.Disabled && u.Email != null && u.Email != "" && (userId == null || u.Id == userId))
            .OrderBy(u => u.Id).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        var result = new List<MailboxAddress>();
        foreach (var u in users)
        {
            // As if the user opened the notifications page: the PIP resolves the user (disabled, role, authority) itself.
            var context = new ProcessContext(u.Id, Purposes.CaseWork, Mfa: true);
            var request = AccessRequest.Read(context, Actions.NotificationRead, new AccessTarget.OwnAuthority(ResourceTypes.Notification));
            if (await _gateway.WouldAsync(request, ct) && MailboxAddress.TryParse(u.Email, out var address)) result.Add(address);
        }

        return result;
    }
}
