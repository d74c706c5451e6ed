using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Disclosures;

/// <summary>Notifications say only that there is something to look at, reach only the addressed authority, and are read through the gateway.</summary>
public sealed class NotificationTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Disclosure_NotifiesOnlyTheRecipientAuthority_WithoutContent()
    {
        var w = await SharingWorld.CreateAsync(host);
        await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "18a", answers: new()
        {
            ["disclosure.riskOfCriminalActivity"] = "true", ["disclosure.preventiveEffect"] = "true", ["disclosure.notInappropriateConsidered"] = "true",
        });
        await using var scope = host.Services.CreateAsyncScope();
        var reads = CoreHost.Get<NotificationReads>(scope);

        var police = await reads.ListMineAsync(await w.As("avhopparsamordnare"), Ct);
        var notice = Assert.Single(police);
        Assert.Equal(NotificationKinds.DisclosureReceived, notice.Kind);
        Assert.Equal(w.Case.CaseId, notice.CaseId);
        Assert.DoesNotContain("Utredning", notice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Testa", notice.Text, StringComparison.Ordinal);
        Assert.Equal(1, await reads.CountUnreadAsync(await w.As("kommunpolis"), Ct));
        Assert.Empty(await reads.ListMineAsync(await w.As("socialsekreterare"), Ct));
        Assert.Empty(await reads.ListMineAsync(await w.As("skolkurator"), Ct));

        await reads.MarkAllReadAsync(await w.As("kommunpolis"), Ct);
        Assert.Equal(0, await reads.CountUnreadAsync(await w.As("avhopparsamordnare"), Ct));
    }

    [Theory]
    [InlineData("systemforvaltare")]
    [InlineData("anonym")]
    public async Task List_RolesWithoutNotifications_AreDeniedAndAudited(string persona)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await CoreHost.Get<NotificationReads>(scope).ListMineAsync(await SharingWorld.As(host, persona), Ct));
        await using var db = host.NewDbContext();
        Assert.Equal("deny", (await db.AuditEntries.SingleAsync(e => e.Action == "notification.read")).Decision);
    }
}
