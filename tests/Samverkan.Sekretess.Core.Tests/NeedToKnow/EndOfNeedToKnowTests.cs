using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.NeedToKnow;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.NeedToKnow;

/// <summary>
/// End of need-to-know on the real services, policies and PostgreSQL with a clock the test moves: closing a case,
/// removing a participant and an expired consent each end the share on the next run, as the sender's system account,
/// audited under the rule that says why; a run that fails halfway is finished by the retry without double effects.
/// </summary>
public sealed class EndOfNeedToKnowTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ClosingTheCase_RemovesTheRecipientsAccessOnTheNextMinutesRun()
    {
        var w = await SharingWorld.CreateAsync(host);
        var share = await ShareWithPoliceAsync(w);
        Assert.Contains(w.Case.SocialItemId, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));

        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<CaseWrites>(scope).CloseAsync(await w.As("socialsekreterare"), w.Case.CaseId, Ct);
        host.Clock.Offset = TimeSpan.FromMinutes(1);
        var result = await RunAsync();

        Assert.Equal(new NeedToKnowResult(1, 0), result);
        await AssertPoliceSeesNothingOfItAsync(w);
        await using var db = host.NewDbContext();
        var record = await db.Disclosures.SingleAsync(d => d.Id == share);
        Assert.Equal("ärendet avslutat", record.EndReason);
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "disclosure.end");
        Assert.Equal(("permit", "JOB-END-001", Roles.SystemJob, w.Social), (entry.Decision, entry.RuleIds, entry.ActorRole, entry.ActorAuthorityId!.Value));
        Assert.Equal(share.ToString(), entry.ResourceId);
        Assert.Equal(Purposes.SystemJob, entry.Purpose);
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientAuthorityId == w.Police && n.Kind == NotificationKinds.DisclosureEnded && n.RelatedId == share));
    }

    [Fact]
    public async Task RemovingTheRecipient_EndsItsCaseAccessAtOnce_AndItsSharesOnTheNextRun()
    {
        var w = await SharingWorld.CreateAsync(host);
        var share = await ShareWithPoliceAsync(w);
        // The overview offers the lead's official every participant but the lead itself; the others nothing.
        var offered = (await w.ReadAsync("socialsekreterare")).RemovableParticipants;
        Assert.Contains(w.Police, offered.Select(a => a.Id));
        Assert.DoesNotContain(w.Social, offered.Select(a => a.Id));
        Assert.Empty((await w.ReadAsync("kommunpolis")).RemovableParticipants);

        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<CaseWrites>(scope).RemoveParticipantAsync(await w.As("socialsekreterare"), w.Case.CaseId, w.Police, Ct);

        Assert.DoesNotContain(w.Police, (await w.ReadAsync("socialsekreterare")).RemovableParticipants.Select(a => a.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.ReadAsync("kommunpolis"));
        Assert.Equal(new NeedToKnowResult(1, 0), await RunAsync());
        await using var db = host.NewDbContext();
        Assert.Equal("mottagaren deltar inte längre", (await db.Disclosures.SingleAsync(d => d.Id == share)).EndReason);
        Assert.Equal("JOB-END-002", (await db.AuditEntries.SingleAsync(e => e.Action == "disclosure.end")).RuleIds);
        var removal = await db.AuditEntries.SingleAsync(e => e.Action == "case.participant.remove" && e.Decision == "permit");
        Assert.Contains(w.Police.ToString(), removal.ItemIds, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kommunpolis")]
    [InlineData("dataskyddsombud")]
    [InlineData("systemforvaltare")]
    [InlineData("anonym")]
    public async Task OnlyTheLeadAuthoritysOfficialRemovesAParticipant_OthersAreDeniedAndAudited(string persona)
    {
        var w = await SharingWorld.CreateAsync(host);
        await using var scope = host.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<AccessDeniedException>(async () =>
            await CoreHost.Get<CaseWrites>(scope).RemoveParticipantAsync(await w.As(persona), w.Case.CaseId, w.Police, Ct));

        await using var db = host.NewDbContext();
        Assert.True(await db.CaseParticipants.AnyAsync(p => p.CaseId == w.Case.CaseId && p.AuthorityId == w.Police));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "case.participant.remove" && e.Decision == "deny"));
    }

    [Fact]
    public async Task TheLeadAuthorityCannotBeRemoved()
    {
        var w = await SharingWorld.CreateAsync(host);
        await using var scope = host.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<InvalidCommandException>(async () =>
            await CoreHost.Get<CaseWrites>(scope).RemoveParticipantAsync(await w.As("socialsekreterare"), w.Case.CaseId, w.Social, Ct));
    }

    [Fact]
    public async Task AnExpiredConsent_LapsesAndItsSharesEnd_OnceOnly()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent(to: SharingWorld.Today.AddDays(10)));
        var share = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "CONSENT", consent);

        host.Clock.Offset = TimeSpan.FromDays(11);
        var (lapsed, ended) = await RunLikeTheMinuteJobAsync();
        var again = await RunLikeTheMinuteJobAsync();

        Assert.Equal((1, 1), (lapsed.Lapsed, ended.Ended));
        Assert.Equal((0, 0), (again.Lapsed.Lapsed, again.Ended.Ended));
        await AssertPoliceSeesNothingOfItAsync(w);
        await using var db = host.NewDbContext();
        Assert.NotNull((await db.Consents.SingleAsync(c => c.Id == consent)).LapsedAt);
        Assert.Equal("samtycket har gått ut", (await db.Disclosures.SingleAsync(d => d.Id == share)).EndReason);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "consent.lapse" && e.RuleIds == "JOB-CONS-002"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "disclosure.end" && e.RuleIds == "JOB-END-004"));
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientAuthorityId == w.Police && n.Kind == NotificationKinds.ConsentLapsed));
    }

    [Fact]
    public async Task AnOpenCaseWithAValidConsent_EndsNothing()
    {
        var w = await SharingWorld.CreateAsync(host);
        await ShareWithPoliceAsync(w);
        host.Clock.Offset = TimeSpan.FromDays(1);

        Assert.Equal(new NeedToKnowResult(0, 0), await RunAsync());
        Assert.Contains(w.Case.SocialItemId, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));
        await using var db = host.NewDbContext();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "disclosure.end"));
    }

    [Fact]
    public async Task ARunThatFailsHalfway_IsFinishedByTheRetry_WithoutDoubleEffects()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent());
        var first = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "CONSENT", consent);
        var second = await w.DiscloseAsync("socialsekreterare", "action_plan", w.Case.SocialPlanEntryId, w.Police, "CONSENT", consent);
        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<CaseWrites>(scope).CloseAsync(await w.As("socialsekreterare"), w.Case.CaseId, Ct);

        // The database refuses to end the second share: the run fails after the first one was ended and committed.
        await ExecuteAsync($"""
            CREATE FUNCTION refuse_second() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_second BEFORE UPDATE ON "Disclosures" FOR EACH ROW WHEN (OLD."Id" = '{second}') EXECUTE FUNCTION refuse_second();
            """);
        await Assert.ThrowsAsync<DbUpdateException>(RunAsync);
        await ExecuteAsync("DROP TRIGGER refuse_second ON \"Disclosures\"; DROP FUNCTION refuse_second();");
        var retry = await RunAsync();

        Assert.Equal(new NeedToKnowResult(1, 0), retry);
        await using var db = host.NewDbContext();
        Assert.All(await db.Disclosures.Where(d => d.Id == first || d.Id == second).ToListAsync(), d => Assert.NotNull(d.EndedAt));
        var ends = await db.AuditEntries.Where(e => e.Action == "disclosure.end").Select(e => e.ResourceId).ToListAsync();
        Assert.Equal(new[] { first.ToString(), second.ToString() }.Order(), ends.Order());
        Assert.Equal(2, await db.Notifications.CountAsync(n => n.Kind == NotificationKinds.DisclosureEnded));
    }

    [Fact]
    public async Task ASystemAccountHasNoPassword_AndIsCreatedOncePerAuthority()
    {
        var w = await SharingWorld.CreateAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var system = CoreHost.Get<SystemActors>(scope);

        var a = await system.ForAuthorityAsync(w.Social, Ct);
        var b = await system.ForAuthorityAsync(w.Social, Ct);

        Assert.Equal(a.UserId, b.UserId);
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
        var account = await users.FindByIdAsync(a.UserId!);
        Assert.Equal(Roles.SystemJob, account!.Role);
        Assert.False(await users.HasPasswordAsync(account));
        Assert.True(Roles.IsSystem(account.Role)); // SamverkanSignInManager refuses every system account
    }

    private static async Task<Guid> ShareWithPoliceAsync(SharingWorld w)
    {
        var consent = await w.RecordConsentAsync(w.FullConsent());
        return await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "CONSENT", consent);
    }

    private static async Task AssertPoliceSeesNothingOfItAsync(SharingWorld w)
    {
        try
        {
            Assert.DoesNotContain(w.Case.SocialItemId, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));
        }
        catch (AccessDeniedException)
        {
            // Not even the case: nothing of the item either.
        }
    }

    private async Task<NeedToKnowResult> RunAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<EndOfNeedToKnow>(scope).RunAsync(Ct);
    }

    /// <summary>What the minute job (Web/Jobs/NeedToKnowJob) does: lapse expired consents, then end shares.</summary>
    private async Task<(ConsentExpiryResult Lapsed, NeedToKnowResult Ended)> RunLikeTheMinuteJobAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var lapsed = await CoreHost.Get<ConsentExpiry>(scope).LapseExpiredAsync(Ct);
        return (lapsed, await CoreHost.Get<EndOfNeedToKnow>(scope).RunAsync(Ct));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(host.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
