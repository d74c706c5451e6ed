using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Tests.Cases;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Notifications;

/// <summary>
/// The optional notification e-mail against a real SMTP server in the process (netDumbster) and real PostgreSQL:
/// one message per notice, to exactly the users the policy lets see it (with an address, not disabled), a fixed text
/// without case content or personal data, at most once; off by default; an unreachable server leaves notices for the next run.
/// </summary>
public sealed class NotificationMailerTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string BaseUrl = "https://samverkan.example.se";

    // Addresses of the social-services authority's users. Only the social worker and the DPO may read notifications
    // (NOTIF-R-001); the administrator and the unit manager may not; the SSPF coordinator is disabled.
    private static readonly Dictionary<string, string> Addresses = new()
    {
        ["socialsekreterare"] = "alva@soc.example.se",
        ["dataskyddsombud"] = "hugo@soc.example.se",
        ["systemforvaltare"] = "ines@soc.example.se",
        ["enhetschef"] = "jonna@soc.example.se",
        ["sspf-samordnare"] = "greta@soc.example.se",
    };

    private readonly LogCapture _logs = new();
    private TestSmtpServer _smtp = null!;

    public async ValueTask InitializeAsync()
    {
        _smtp = await TestSmtpServer.StartAsync();
        await host.ResetAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
        foreach (var (userName, address) in Addresses)
        {
            var user = (await users.FindByNameAsync(userName))!;
            user.Email = address;
            user.Disabled = userName == "sspf-samordnare";
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }
    }

    public async ValueTask DisposeAsync() => await _smtp.DisposeAsync();

    [Fact]
    public async Task SendPending_MailsEachNoticeOnceToThoseThePolicyLetsSeeIt_WithoutContentOrPersonalData()
    {
        var world = await CaseWorld.CreateAsync(host);
        var (authorityWide, toDpo) = await AddNoticesAsync(world.CaseId);
        await using var services = Mailer(_smtp.Port);

        Assert.Equal(2, await SendAsync(services));

        Assert.Equal(2, _smtp.Received.Count);
        var recipients = _smtp.Received.Select(m => m.Recipients).OrderBy(r => r.Count).ToList();
        Assert.Equal(["hugo@soc.example.se"], recipients[0]);
        Assert.Equal(["alva@soc.example.se", "hugo@soc.example.se"], recipients[1]);
        string reference;
        await using (var db = host.NewDbContext())
            reference = await db.Cases.Where(c => c.Id == world.CaseId).Select(c => c.Reference).SingleAsync();
        foreach (var (_, raw, message) in _smtp.Received)
        {
            Assert.Equal("Ny avisering i Samverkan.Sekretess", message.Subject);
            Assert.Contains("Du har en ny avisering i Samverkan.Sekretess. Logga in för att se den.", message.TextBody, StringComparison.Ordinal);
            Assert.Contains(BaseUrl + "/Notifications", message.TextBody, StringComparison.Ordinal);
            // Nothing from the case or the notice: the subject's name and personnummer, item text, reference, ids, the kind.
            foreach (var secret in new[] { "Testa", "Testsson", "20100505", "9801", "Fiktiv", "Utredning", reference, world.CaseId.ToString(),
                         authorityWide.ToString(), toDpo.ToString(), NotificationKinds.DisclosureReceived, "utlämnande" })
            {
                Assert.DoesNotContain(secret, raw, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, message.TextBody, StringComparison.OrdinalIgnoreCase);
            }
            // Recipients are in the SMTP envelope only: no address appears in the message itself.
            foreach (var address in Addresses.Values) Assert.DoesNotContain(address, raw, StringComparison.OrdinalIgnoreCase);
        }

        // At most once: a second run (a retried job) sends nothing.
        Assert.Equal(0, await SendAsync(services));
        Assert.Equal(2, _smtp.Received.Count);
        await using (var db = host.NewDbContext())
            Assert.All(await db.Notifications.ToListAsync(), n => Assert.NotNull(n.MailedAt));

        // The log names notices and outcomes, never an address.
        Assert.Contains(_logs.Lines, l => l.Contains(authorityWide.ToString(), StringComparison.Ordinal) && l.Contains("sent", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("@soc.example.se", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SendPending_Disabled_SendsNothingAndMarksNothing()
    {
        await AddNoticesAsync(null);
        await using var services = CoreHost.CreateServices(host.ConnectionString, new Dictionary<string, string?>
        {
            ["Notifications:Email:Host"] = "127.0.0.1", ["Notifications:Email:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Email:From"] = "noreply@samverkan.example.se", ["Notifications:Email:BaseUrl"] = BaseUrl,
        });

        Assert.Equal(0, await SendAsync(services));

        Assert.Empty(_smtp.Received);
        await using var db = host.NewDbContext();
        Assert.All(await db.Notifications.ToListAsync(), n => Assert.Null(n.MailedAt));
    }

    [Fact]
    public async Task SendPending_MailServerUnreachable_LeavesNoticesUnmailed_AndTheNextRunSendsThem()
    {
        await AddNoticesAsync(null);
        await using (var broken = Mailer(TestSmtpServer.FreePort()))
            Assert.Equal(0, await SendAsync(broken));
        await using (var db = host.NewDbContext())
            Assert.All(await db.Notifications.ToListAsync(), n => Assert.Null(n.MailedAt));
        Assert.Contains(_logs.Lines, l => l.Contains("could not be reached", StringComparison.Ordinal));

        await using var working = Mailer(_smtp.Port);
        Assert.Equal(2, await SendAsync(working));
        Assert.Equal(2, _smtp.Received.Count);
        Assert.Equal(0, await SendAsync(working));
    }

    [Fact]
    public async Task SendPending_MessageRefusedByTheServer_StaysUnmailedWhileTheNextIsSent_AndOnlyItIsRetried()
    {
        var (first, second) = await AddNoticesAsync(null);
        await using var services = Mailer(_smtp.Port);
        _smtp.RefuseNext(1);

        Assert.Equal(1, await SendAsync(services));
        await using (var db = host.NewDbContext())
        {
            var rows = await db.Notifications.ToDictionaryAsync(n => n.Id);
            Assert.Null(rows[first].MailedAt);
            Assert.Equal(1, rows[first].MailAttempts);
            Assert.NotNull(rows[second].MailedAt);
        }

        Assert.Equal(1, await SendAsync(services));
        Assert.Equal(0, await SendAsync(services));
        Assert.Equal(2, _smtp.Received.Count);
        Assert.Contains(_logs.Lines, l => l.Contains(first.ToString(), StringComparison.Ordinal) && l.Contains("not sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendPending_NoticeReadInTheAppOrTooOld_IsNotMailed()
    {
        var (read, _) = await AddNoticesAsync(null);
        await using (var db = host.NewDbContext())
        {
            await db.Notifications.Where(n => n.Id == read).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, DateTime.UtcNow));
            await db.Notifications.Where(n => n.Id != read).ExecuteUpdateAsync(s => s.SetProperty(n => n.CreatedAt, DateTime.UtcNow.AddDays(-4)));
        }

        await using var services = Mailer(_smtp.Port);
        Assert.Equal(0, await SendAsync(services));
        Assert.Empty(_smtp.Received);
        await using (var db = host.NewDbContext())
        {
            Assert.NotNull(await db.Notifications.Where(n => n.Id == read).Select(n => n.MailedAt).SingleAsync());
            Assert.Null(await db.Notifications.Where(n => n.Id != read).Select(n => n.MailedAt).SingleAsync());
        }
    }

    /// <summary>One notice to the whole social-services authority and one to its DPO only, as Notifier writes them.</summary>
    private async Task<(Guid AuthorityWide, Guid ToDpo)> AddNoticesAsync(Guid? caseId)
    {
        await using var db = host.NewDbContext();
        var soc = await db.Authorities.Where(a => a.Code == "soc-kristianstad").Select(a => a.Id).SingleAsync();
        var dpo = await db.Users.Where(u => u.UserName == "dataskyddsombud").Select(u => u.Id).SingleAsync();
        var now = DateTime.UtcNow;
        var authorityWide = new Notification
        {
            Id = Guid.NewGuid(), RecipientAuthorityId = soc, Kind = NotificationKinds.DisclosureReceived, CaseId = caseId, CreatedAt = now.AddSeconds(-2),
            DedupKey = "test:" + Guid.NewGuid(),
        };
        var toDpo = new Notification
        {
            Id = Guid.NewGuid(), RecipientAuthorityId = soc, RecipientUserId = dpo, Kind = NotificationKinds.ProtectedIdentityAccess, CaseId = caseId,
            CreatedAt = now.AddSeconds(-1), DedupKey = "test:" + Guid.NewGuid(),
        };
        db.Notifications.AddRange(authorityWide, toDpo);
        await db.SaveChangesAsync();
        return (authorityWide.Id, toDpo.Id);
    }

    private ServiceProvider Mailer(int port) => CoreHost.CreateServices(host.ConnectionString, new Dictionary<string, string?>
    {
        ["Notifications:Email:Enabled"] = "true",
        ["Notifications:Email:Host"] = "127.0.0.1",
        ["Notifications:Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Email:UseStartTls"] = "false",
        ["Notifications:Email:From"] = "Samverkan.Sekretess <noreply@samverkan.example.se>",
        ["Notifications:Email:BaseUrl"] = BaseUrl,
        ["Notifications:Email:Timeout"] = "00:00:05",
    }, s => s.AddLogging(l => l.AddProvider(_logs)));

    private static async Task<int> SendAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await CoreHost.Get<NotificationMailer>(scope).SendPendingAsync(Ct);
    }
}
