using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.BreakGlass;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.BreakGlass;

/// <summary>Nödåtkomst on PostgreSQL: time-boxed, reason required, owners told, every read audited under BTG-R-001, stop, expiry and the DPO's review.</summary>
public sealed class BreakGlassTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<Guid> StartAsync(SharingWorld w, string persona, string reason = "Hot om våld i kväll; måste veta var han bor.", bool danger = true)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<BreakGlassService>(scope).StartAsync(await w.As(persona), w.Case.CaseId, reason, danger, Ct);
    }

    [Fact]
    public async Task Start_PoliceSeesSocialServicesPart_OwnerNotified_EveryReadAuditedUnderBtg_UntilStopped()
    {
        var w = await SharingWorld.CreateAsync(host);
        Assert.DoesNotContain(w.Case.SocialItemId, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));

        var session = await StartAsync(w, "kommunpolis");
        var elevated = await w.ReadAsync("kommunpolis");

        var item = Assert.Single(elevated.Items, i => i.Id == w.Case.SocialItemId);
        Assert.Contains(item.Why.Rules, r => r.RuleId == "BTG-R-001");
        Assert.NotNull(elevated.BreakGlassUntil);
        await using (var db = host.NewDbContext())
        {
            Assert.True(await db.Notifications.AnyAsync(n => n.RecipientAuthorityId == w.Social && n.Kind == NotificationKinds.BreakGlass));
            Assert.Equal("permit", (await db.AuditEntries.SingleAsync(e => e.Action == "breakglass.start")).Decision);
            var read = await db.AuditEntries.Where(e => e.Action == "item.read" && e.RuleIds.Contains("BTG-R-001") && e.LegalGround == "NÖD").ToListAsync();
            Assert.NotEmpty(read);
            Assert.Contains(w.Case.SocialItemId.ToString(), read.Last().ItemIds, StringComparison.Ordinal);
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await Assert.ThrowsAsync<AccessDeniedException>(async () => await CoreHost.Get<BreakGlassService>(scope).StopAsync(await w.As("avhopparsamordnare"), w.Case.CaseId, Ct));
            await CoreHost.Get<BreakGlassService>(scope).StopAsync(await w.As("kommunpolis"), w.Case.CaseId, Ct);
        }

        Assert.DoesNotContain(w.Case.SocialItemId, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));
        await using var check = host.NewDbContext();
        Assert.Equal("permit", (await check.AuditEntries.SingleAsync(e => e.Action == "breakglass.stop" && e.Decision == "permit")).Decision);
        Assert.NotNull((await check.BreakGlassSessions.SingleAsync(s => s.Id == session)).EndedAt);
    }

    [Theory]
    [InlineData("kommunpolis", "", true)]
    [InlineData("kommunpolis", "Skäl", false)]
    [InlineData("fritidsledare", "Skäl", true)]
    [InlineData("sspf-samordnare", "Skäl", true)]
    [InlineData("dataskyddsombud", "Skäl", true)]
    [InlineData("systemforvaltare", "Skäl", true)]
    [InlineData("anonym", "Skäl", true)]
    public async Task Start_WithoutReasonOrDangerOrByOthers_IsDeniedAndAudited(string persona, string reason, bool danger)
    {
        var w = await SharingWorld.CreateAsync(host);
        await Assert.ThrowsAsync<AccessDeniedException>(() => StartAsync(w, persona, reason, danger));
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.BreakGlassSessions.CountAsync());
        Assert.Equal("deny", (await db.AuditEntries.SingleAsync(e => e.Action == "breakglass.start")).Decision);
    }

    [Fact]
    public async Task Expired_ElevationGivesNothingMore()
    {
        var w = await SharingWorld.CreateAsync(host);
        var session = await StartAsync(w, "kommunpolis");
        await using (var db = host.NewDbContext())
            await db.BreakGlassSessions.Where(s => s.Id == session).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        Assert.DoesNotContain(w.Case.SocialItemId, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Review_OnlyTheDpoOfTheUsersAuthorityClosesTheTask()
    {
        var w = await SharingWorld.CreateAsync(host);
        var policeDpo = await CreatePoliceDpoAsync(w);
        var session = await StartAsync(w, "kommunpolis");
        await w.ReadAsync("kommunpolis");

        await using var scope = host.Services.CreateAsyncScope();
        var service = CoreHost.Get<BreakGlassService>(scope);
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await service.ReviewAsync(await w.As("dataskyddsombud"), session, "OK", Ct));
        Assert.Empty(await service.ListForReviewAsync(await w.As("dataskyddsombud"), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await service.ListForReviewAsync(await w.As("kommunpolis"), Ct));

        var open = Assert.Single(await service.ListForReviewAsync(policeDpo, Ct));
        Assert.Null(open.ReviewedAt);
        Assert.True(open.AccessCount >= 1);
        Assert.Contains("Hot om våld", open.Reason, StringComparison.Ordinal);
        await service.ReviewAsync(policeDpo, session, "Skälet godtagbart; läsningarna stämmer med skälet.", Ct);
        Assert.NotNull(Assert.Single(await service.ListForReviewAsync(policeDpo, Ct)).ReviewedAt);
        await using var db = host.NewDbContext();
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientUserId == policeDpo.UserId && n.Kind == NotificationKinds.ReviewTask));
    }

    private async Task<ProcessContext> CreatePoliceDpoAsync(SharingWorld w)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var dpo = new ApplicationUser
        {
            UserName = $"polis-dso-{Guid.NewGuid():N}"[..22], DisplayName = "Polisens dataskyddsombud", AuthorityId = w.Police,
            Role = Roles.DataProtectionOfficer, Unit = "Dataskydd", AttributeSource = "test", AttributesVerifiedAt = DateTime.UtcNow,
        };
        Assert.True((await users.CreateAsync(dpo, "Dataskydd-Polis-2026-lång")).Succeeded);
        return new ProcessContext(dpo.Id, Purposes.LogReview, Mfa: true);
    }
}
