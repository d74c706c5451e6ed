using MimeKit;

namespace Samverkan.Sekretess.Core.Notifications;

/// <summary>
/// The one e-mail the system sends: a fixed Swedish text and a link to the notifications page. It takes no
/// argument from the notification on purpose — no kind, case reference, name or id — so nothing secret can leak
/// into a mailbox, whatever notifications are added later.
/// </summary>
internal static class NotificationEmail
{
    public const string Subject = "Ny avisering i Samverkan.Sekretess";

    public static MimeMessage Create(NotificationEmailOptions options)
    {
        var link = options.BaseUrl.TrimEnd('/') + "/Notifications";
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        // Recipients go in the SMTP envelope only: nobody sees who else got the same notice.
        message.To.Add(new GroupAddress("Mottagare"));
        message.Subject = Subject;
        message.Body = new TextPart("plain")
        {
            Text = "Du har en ny avisering i Samverkan.Sekretess. Logga in för att se den.\n\n"
                   + link + "\n\n"
                   + "Meddelandet innehåller inga uppgifter ur ärenden. Det går inte att svara på.\n",
        };
        return message;
    }
}
