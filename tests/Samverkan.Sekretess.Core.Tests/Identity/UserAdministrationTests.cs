using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using static Samverkan.Sekretess.Core.Tests.Identity.AdminWorld;

namespace Samverkan.Sekretess.Core.Tests.Identity;

/// <summary>
/// Administration decided by the PDP on real PostgreSQL (issue 17, finding 5): a systemförvaltare administers only the own
/// authority's accounts, with a second factor; every deny is an AccessDeniedException (the web's 404) and a deny entry.
/// </summary>
public sealed class UserAdministrationTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private readonly AdminWorld _world = new(host);

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// The finding: Socialnämndens systemförvaltare created a Polismyndigheten user with a start password of its own choice,
    /// enrolled TOTP for it and read police P3 threat assessments. Now it can neither create, disable, enable, reset nor
    /// list a Polismyndigheten account; each attempt is a 404 and a deny entry, and the police account is untouched.
    /// </summary>
    [Fact]
    public async Task SocialServicesAdministrator_CannotCreateDisableResetOrListAPoliceUser()
    {
        var admin = await _world.AsAsync("systemforvaltare");
        var (police, social) = (await _world.AuthorityAsync(Police), await _world.AuthorityAsync(Social));
        var officer = await _world.NewUserAsync(Police, Roles.CommunityPolice);
        var command = _world.NewUser(police);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.CreateUserAsync(admin, command, Ct)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.SetDisabledAsync(admin, officer.Id, true, Ct)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.SetDisabledAsync(admin, officer.Id, false, Ct)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.ResetSignInAsync(admin, officer.Id, Ct)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.GetUserAsync(admin, officer.Id, Ct)));
        var overview = await _world.WithAsync(a => a.GetOverviewAsync(admin, Ct));

        Assert.DoesNotContain(overview.Users, u => u.AuthorityId == police);
        Assert.DoesNotContain(overview.Authorities, a => a.Id == police);
        Assert.All(overview.Users, u => Assert.Equal(social, u.AuthorityId));
        var options = await _world.WithAsync(a => a.GetNewUserOptionsAsync(admin, Ct));
        Assert.Equal([social], options.Authorities.Select(a => a.Id).ToList());
        Assert.DoesNotContain(Roles.RegionalAdministrator, options.Roles);

        foreach (var action in new[] { "admin.user.create", "admin.user.disable", "admin.user.enable", "admin.user.reset", "admin.user.read" })
        {
            var deny = Assert.Single(await _world.EntriesAsync(admin.UserId, action));
            Assert.Equal("deny", deny.Decision);
            Assert.Equal(police, deny.ResourceAuthorityId);
            Assert.Equal("user_account", deny.ResourceType);
        }

        await using var db = host.NewDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == command.UserName));
        var untouched = await _world.FindAsync(officer.Id);
        Assert.False(untouched.Disabled);
        Assert.Equal(officer.PasswordHash, untouched.PasswordHash);
        Assert.Equal(officer.SecurityStamp, untouched.SecurityStamp);
    }

    [Fact]
    public async Task UserCreatedInTheOwnAuthority_HasNoUsablePassword_UntilTheUserSetsOne()
    {
        var admin = await _world.AsAsync("systemforvaltare");
        var social = await _world.AuthorityAsync(Social);
        var command = _world.NewUser(social, Roles.SocialWorker);

        var result = await _world.WithAsync(a => a.CreateUserAsync(admin, command, Ct));

        Assert.True(result.Succeeded);
        Assert.NotNull(result.SignInCode);
        var user = await _world.FindAsync(result.UserId!);
        Assert.Null(user.PasswordHash);
        Assert.False(user.TwoFactorEnabled);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
            Assert.False(await users.CheckPasswordAsync(user, result.SignInCode!.Code));
            Assert.False(await users.CheckPasswordAsync(user, ""));
        }

        var entry = Assert.Single(await _world.EntriesAsync(admin.UserId, "admin.user.create"));
        Assert.Equal("permit", entry.Decision);
        Assert.Equal("ADM-U-001", entry.RuleIds);
        Assert.Equal("FORVALTNING", entry.LegalGround);
        Assert.Equal(user.Id, entry.ResourceId);
        Assert.Equal(social, entry.ResourceAuthorityId);
        var listed = Assert.Single((await _world.WithAsync(a => a.GetOverviewAsync(admin, Ct))).Users, u => u.Id == user.Id);
        Assert.True(listed.AwaitingFirstSignIn);
        Assert.True(listed.MayReset && listed.MayDisable);

        var redeemed = await _world.WithCodesAsync(c => c.RedeemAsync(command.UserName, result.SignInCode!.Code, "mitt alldeles egna lösenord", "mitt alldeles egna lösenord", Ct));
        Assert.True(redeemed.Succeeded, string.Join(" ", redeemed.Errors));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
            Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(user.Id))!, "mitt alldeles egna lösenord"));
        }
    }

    [Fact]
    public async Task Reset_InvalidatesPasswordAuthenticatorAndSessions_AndIssuesANewCode()
    {
        var admin = await _world.AsAsync("systemforvaltare");
        var user = await _world.NewUserAsync(Social);

        var reset = await _world.WithAsync(a => a.ResetSignInAsync(admin, user.Id, Ct));

        var after = await _world.FindAsync(user.Id);
        Assert.Null(after.PasswordHash);
        Assert.False(after.TwoFactorEnabled);
        Assert.NotEqual(user.SecurityStamp, after.SecurityStamp);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
            Assert.Null(await users.GetAuthenticatorKeyAsync(after));
            Assert.Equal(0, await users.CountRecoveryCodesAsync(after));
        }

        Assert.Equal(user.UserName, reset.UserName);
        var entry = Assert.Single(await _world.EntriesAsync(admin.UserId, "admin.user.reset"));
        Assert.Equal("permit", entry.Decision);
        Assert.Equal(user.Id, entry.ResourceId);
        var redeemed = await _world.WithCodesAsync(c => c.RedeemAsync(user.UserName!, reset.Code.Code, "ett helt nytt eget lösenord", "ett helt nytt eget lösenord", Ct));
        Assert.True(redeemed.Succeeded, string.Join(" ", redeemed.Errors));
    }

    [Fact]
    public async Task AResetCode_ReplacesTheEarlierOne()
    {
        var admin = await _world.AsAsync("systemforvaltare");
        var command = _world.NewUser(await _world.AuthorityAsync(Social), Roles.Principal);
        var created = await _world.WithAsync(a => a.CreateUserAsync(admin, command, Ct));
        var userName = (await _world.FindAsync(created.UserId!)).UserName!;

        var reset = await _world.WithAsync(a => a.ResetSignInAsync(admin, created.UserId!, Ct));

        var old = await _world.WithCodesAsync(c => c.RedeemAsync(userName, created.SignInCode!.Code, "ett helt nytt eget lösenord", "ett helt nytt eget lösenord", Ct));
        Assert.False(old.Succeeded);
        var fresh = await _world.WithCodesAsync(c => c.RedeemAsync(userName, reset.Code.Code, "ett helt nytt eget lösenord", "ett helt nytt eget lösenord", Ct));
        Assert.True(fresh.Succeeded, string.Join(" ", fresh.Errors));
    }

    [Fact]
    public async Task Administrator_CannotResetTheOwnAccount_NorGiveTheRegionalRole_NorResetASystemAccount()
    {
        var admin = await _world.AsAsync("systemforvaltare");
        var social = await _world.AuthorityAsync(Social);
        var regional = await _world.NewUserAsync(Social, Roles.RegionalAdministrator);
        var system = await _world.NewUserAsync(Social, Roles.SystemIntegration);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.ResetSignInAsync(admin, admin.UserId!, Ct)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.CreateUserAsync(admin, _world.NewUser(social, Roles.RegionalAdministrator), Ct)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.ResetSignInAsync(admin, regional.Id, Ct)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.ResetSignInAsync(admin, system.Id, Ct)));
        Assert.False(await _world.WithAsync(a => a.SetDisabledAsync(admin, admin.UserId!, true, Ct)));

        var resets = await _world.EntriesAsync(admin.UserId, "admin.user.reset");
        Assert.Equal(["ADM-F-003", "ADM-F-001", "ADM-F-002"], resets.Select(e => e.RuleIds).ToList());
        Assert.All(resets, e => Assert.Equal("deny", e.Decision));
        Assert.Equal("ADM-F-001", Assert.Single(await _world.EntriesAsync(admin.UserId, "admin.user.create")).RuleIds);
        Assert.NotNull((await _world.FindAsync(regional.Id)).PasswordHash);
        Assert.False((await _world.FindAsync(admin.UserId!)).Disabled);
    }

    [Fact]
    public async Task Administrator_WithoutASecondFactor_GetsNothing()
    {
        var admin = await host.AsAsync("systemforvaltare");

        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.GetOverviewAsync(admin, Ct)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.CreateUserAsync(admin, _world.NewUser(Guid.NewGuid()), Ct)));

        Assert.Equal("deny", Assert.Single(await _world.EntriesAsync(admin.UserId, "admin.overview")).Decision);
        Assert.Equal("deny", Assert.Single(await _world.EntriesAsync(admin.UserId, "admin.user.create")).Decision);
    }

    [Fact]
    public async Task RegionalAdministrator_AdministersEveryAuthority_AndEveryActionIsAuditedOnThatAuthority()
    {
        var regional = await _world.RegionalAdministratorAsync();
        var police = await _world.AuthorityAsync(Police);

        var created = await _world.WithAsync(a => a.CreateUserAsync(regional, _world.NewUser(police), Ct));
        var reset = await _world.WithAsync(a => a.ResetSignInAsync(regional, created.UserId!, Ct));
        var overview = await _world.WithAsync(a => a.GetOverviewAsync(regional, Ct));
        var options = await _world.WithAsync(a => a.GetNewUserOptionsAsync(regional, Ct));

        Assert.True(created.Succeeded);
        Assert.NotEqual(created.SignInCode!.Code, reset.Code.Code);
        Assert.Contains(overview.Users, u => u.AuthorityId == police);
        Assert.Equal(4, overview.Authorities.Count);
        Assert.Contains(Roles.RegionalAdministrator, options.Roles);
        var entry = Assert.Single(await _world.EntriesAsync(regional.UserId, "admin.user.create"));
        Assert.Equal(("permit", "ADM-R-001", (Guid?)police), (entry.Decision, entry.RuleIds, entry.ResourceAuthorityId));
    }

    [Fact]
    public async Task FederationRules_AreDecidedLikeTheAccountsTheyGive()
    {
        var admin = await _world.AsAsync("systemforvaltare");
        var regional = await _world.RegionalAdministratorAsync();
        var (social, police) = (await _world.AuthorityAsync(Social), await _world.AuthorityAsync(Police));
        string[] providers = ["testidp"];
        NewFederationMappingCommand Rule(Guid authority, string value) => new("testidp", "groups", value, authority, Roles.CommunityPolice, "LPO");

        var own = await _world.WithAsync(a => a.AddFederationMappingAsync(admin, Rule(social, "sn-" + Guid.NewGuid().ToString("N")[..6]), providers, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.AddFederationMappingAsync(admin, Rule(police, "polis-x"), providers, Ct)));
        var theirs = await _world.WithAsync(a => a.AddFederationMappingAsync(regional, Rule(police, "polis-" + Guid.NewGuid().ToString("N")[..6]), providers, Ct));

        Assert.True(own.Succeeded && theirs.Succeeded);
        var listed = await _world.WithAsync(a => a.ListFederationMappingsAsync(admin, Ct));
        Assert.Contains(listed, m => m.Id.ToString() == own.UserId && m.MayRemove);
        Assert.DoesNotContain(listed, m => m.AuthorityId == police);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(a => a.RemoveFederationMappingAsync(admin, Guid.Parse(theirs.UserId!), Ct)));
        Assert.True(await _world.WithAsync(a => a.RemoveFederationMappingAsync(admin, Guid.Parse(own.UserId!), Ct)));
        Assert.Equal("deny", Assert.Single(await _world.EntriesAsync(admin.UserId, "admin.federation.remove"), e => e.Decision == "deny").Decision);
    }

    public static TheoryData<string> Others() =>
        new("socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare", "fritidsledare", "sspf-samordnare", "dataskyddsombud",
            "enhetschef", "arkivarie", "anonym");

    /// <summary>Every persona but the systemförvaltare, and anonymous, on every admin operation: 404 and a deny entry each.</summary>
    [Theory]
    [MemberData(nameof(Others))]
    public async Task EveryOtherPersona_GetsAccessDeniedAndADenyEntry_OnEveryAdminOperation(string persona)
    {
        var caller = persona == "anonym" ? new ProcessContext(null, Purposes.CaseWork, Mfa: true) : await _world.AsAsync(persona);
        var target = await _world.NewUserAsync(Social);
        var regional = await _world.RegionalAdministratorAsync();
        var rule = await _world.WithAsync(a => a.AddFederationMappingAsync(regional,
            new("testidp", "groups", "g-" + Guid.NewGuid().ToString("N")[..6], target.AuthorityId, Roles.SocialWorker, "X"), ["testidp"], Ct));
        var social = await _world.AuthorityAsync(Social);
        Func<UserAdministration, Task>[] operations =
        [
            a => a.GetOverviewAsync(caller, Ct),
            a => a.GetNewUserOptionsAsync(caller, Ct),
            a => a.GetUserAsync(caller, target.Id, Ct),
            a => a.CreateUserAsync(caller, _world.NewUser(social, Roles.SocialWorker), Ct),
            a => a.CreateUserAsync(caller, new NewUserCommand("", "", Guid.Empty, "", ""), Ct),
            a => a.SetDisabledAsync(caller, target.Id, true, Ct),
            a => a.SetDisabledAsync(caller, target.Id, false, Ct),
            a => a.ResetSignInAsync(caller, target.Id, Ct),
            a => a.ListFederationMappingsAsync(caller, Ct),
            a => a.GetNewFederationMappingOptionsAsync(caller, Ct),
            a => a.AddFederationMappingAsync(caller, new("testidp", "groups", "x", social, Roles.SocialWorker, "X"), ["testidp"], Ct),
            a => a.RemoveFederationMappingAsync(caller, Guid.Parse(rule.UserId!), Ct),
            a => a.GetKeyStatusAsync(caller, Ct),
            a => a.RotateAndReEncryptAsync(caller, false, Ct),
        ];

        foreach (var operation in operations)
            await Assert.ThrowsAsync<AccessDeniedException>(() => _world.WithAsync(async a => { await operation(a); return true; }));

        await using var db = host.NewDbContext();
        var entries = await db.AuditEntries.Where(e => e.ActorUserId == caller.UserId && e.Action.StartsWith("admin.")).ToListAsync();
        Assert.Equal(operations.Length, entries.Count);
        Assert.All(entries, e => Assert.Equal("deny", e.Decision));
        var untouched = await _world.FindAsync(target.Id);
        Assert.False(untouched.Disabled);
        Assert.Equal(target.PasswordHash, untouched.PasswordHash);
        Assert.True(await db.FederationMappings.AnyAsync(m => m.Id == Guid.Parse(rule.UserId!)));
        Assert.False((await _world.WithAsync(a => a.GetMenuAsync(caller, Ct))).Any);
    }
}
