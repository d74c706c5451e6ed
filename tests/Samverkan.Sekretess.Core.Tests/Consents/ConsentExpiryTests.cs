using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Consents;

/// <summary>Consent reminders 30 and 7 days before expiry, once each, to the documenting authority; none for a withdrawn consent.</summary>
public sealed class ConsentExpiryTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Reminders_At30And7Days_OnceEach_AsTheDocumentingAuthoritysSystemAccount()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent(to: SharingWorld.Today.AddDays(40)));

        var early = await RunAsync();                               // 40 days left: nothing yet
        host.Clock.Offset = TimeSpan.FromDays(12);                  // 28 days left
        var first = await RunAsync();
        var repeated = await RunAsync();
        host.Clock.Offset = TimeSpan.FromDays(34);                  // 6 days left
        var second = await RunAsync();

        Assert.Equal((0, 1, 0, 1), (early.Reminded, first.Reminded, repeated.Reminded, second.Reminded));
        await using var db = host.NewDbContext();
        var notices = await db.Notifications.Where(n => n.RelatedId == consent).Select(n => new { n.Kind, n.RecipientAuthorityId }).ToListAsync();
        Assert.Equal(new[] { NotificationKinds.ConsentExpiring, NotificationKinds.ConsentExpiringSoon }.Order(), notices.Select(n => n.Kind).Order());
        Assert.All(notices, n => Assert.Equal(w.Social, n.RecipientAuthorityId));
        var entries = await db.AuditEntries.Where(e => e.Action == "consent.remind").ToListAsync();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(("permit", "JOB-CONS-001", Roles.SystemJob), (e.Decision, e.RuleIds, e.ActorRole)));
        Assert.Null((await db.Consents.SingleAsync(c => c.Id == consent)).LapsedAt);
    }

    [Fact]
    public async Task AWithdrawnConsent_GetsNoReminder()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent(to: SharingWorld.Today.AddDays(20)));
        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<ConsentWrites>(scope).WithdrawAsync(await w.As("socialsekreterare"), consent, new WithdrawConsentCommand("Återkallat muntligt."), Ct);

        var result = await RunAsync();

        Assert.Equal(new ConsentExpiryResult(0, 0), result);
        await using var db = host.NewDbContext();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "consent.remind"));
    }

    private async Task<ConsentExpiryResult> RunAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<ConsentExpiry>(scope).RemindAndLapseAsync(Ct);
    }
}
