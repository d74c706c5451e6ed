using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using static Samverkan.Sekretess.Core.Tests.Identity.AdminWorld;

namespace Samverkan.Sekretess.Core.Tests.Identity;

/// <summary>The one-time sign-in code: works once, expires after 72 hours, is never stored in clear, and the password is the user's own.</summary>
public sealed class SignInCodesTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private const string Password = "ett lösenord bara jag känner till";
    private readonly AdminWorld _world = new(host);

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<(string UserName, string UserId, SignInCode Code)> CreatedAsync()
    {
        var admin = await _world.AsAsync("systemforvaltare");
        var command = _world.NewUser(await _world.AuthorityAsync(Social), Roles.SocialWorker);
        var result = await _world.WithAsync(a => a.CreateUserAsync(admin, command, Ct));
        return (command.UserName, result.UserId!, result.SignInCode!);
    }

    private Task<FirstSignInResult> RedeemAsync(string userName, string code, string password = Password, string? repeated = null) =>
        _world.WithCodesAsync(c => c.RedeemAsync(userName, code, password, repeated ?? password, Ct));

    [Fact]
    public async Task TheCode_WorksOnce_AndSetsTheUsersOwnPassword()
    {
        var (userName, userId, code) = await CreatedAsync();

        var first = await RedeemAsync(userName, code.Code);
        var second = await RedeemAsync(userName, code.Code, "ett annat lösenord som angriparen valt");

        Assert.True(first.Succeeded, string.Join(" ", first.Errors));
        Assert.Equal(userId, first.UserId);
        Assert.False(second.Succeeded);
        Assert.Equal([SignInCodes.FailureMessage], second.Errors);
        await using var scope = host.Services.CreateAsyncScope();
        var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
        var user = (await users.FindByIdAsync(userId))!;
        Assert.True(await users.CheckPasswordAsync(user, Password));
        Assert.False(user.TwoFactorEnabled);
        Assert.Null(await users.GetAuthenticationTokenAsync(user, SignInCodes.LoginProvider, SignInCodes.TokenName));
        var events = await _world.EntriesAsync(userId, SecurityActions.FirstSignIn);
        Assert.Equal(["permit", "deny"], events.Select(e => e.Decision).ToList());
    }

    [Fact]
    public async Task TheCode_ExpiresAfter72Hours()
    {
        var (userName, userId, code) = await CreatedAsync();
        Assert.InRange(code.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(71.9), TimeSpan.FromHours(72));

        host.Clock.Offset = TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1);
        var late = await RedeemAsync(userName, code.Code);

        Assert.False(late.Succeeded);
        Assert.Null((await _world.FindAsync(userId)).PasswordHash);
        host.Clock.Offset = TimeSpan.FromHours(71);
        Assert.True((await RedeemAsync(userName, code.Code)).Succeeded);
    }

    [Fact]
    public async Task TheCode_IsNeverStoredInClear_OnlyItsHashAndExpiry()
    {
        var (_, userId, code) = await CreatedAsync();

        await using var db = host.NewDbContext();
        var rows = await db.UserTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync();
        var stored = Assert.Single(rows, t => t.Name == SignInCodes.TokenName).Value!;
        var bare = code.Code.Replace("-", "", StringComparison.Ordinal);
        Assert.StartsWith("v1:", stored, StringComparison.Ordinal);
        Assert.All(rows, r => Assert.DoesNotContain(bare, r.Value ?? "", StringComparison.OrdinalIgnoreCase));
        Assert.All(rows, r => Assert.DoesNotContain(code.Code, r.Value ?? "", StringComparison.OrdinalIgnoreCase));
        Assert.Matches("^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){6}$", code.Code);
        var entries = await db.AuditEntries.AsNoTracking().ToListAsync();
        Assert.All(entries, e => Assert.DoesNotContain(bare, string.Join("|", e.ResourceId, e.ItemIds, e.RuleIds), StringComparison.Ordinal));
    }

    /// <summary>ASVS 11.5.1: at least 128 random bits. Each character is one of 32 symbols (5 bits), in groups of four to type.</summary>
    [Fact]
    public async Task TheCode_HasAtLeast128RandomBits_InGroupsOfFour()
    {
        var (_, _, code) = await CreatedAsync();

        var bare = code.Code.Replace("-", "", StringComparison.Ordinal);
        Assert.Matches("^[A-HJ-NP-Z2-9]+$", bare);
        Assert.Equal(32, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".Length);
        var bits = bare.Length * Math.Log2(32);
        Assert.True(bits >= 128, $"{bare.Length} characters = {bits} bits");
        Assert.All(code.Code.Split('-'), g => Assert.Equal(4, g.Length));
    }

    [Fact]
    public async Task AWeakPassword_IsRefused_AndTheCodeStaysValid()
    {
        var (userName, _, code) = await CreatedAsync();

        var weak = await RedeemAsync(userName, code.Code, "Sommar2024!");
        var mismatch = await RedeemAsync(userName, code.Code, Password, Password + " ");
        var good = await RedeemAsync(userName, code.Code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));

        Assert.Contains(weak.Errors, e => e.Contains("för vanligt", StringComparison.Ordinal));
        Assert.Contains(mismatch.Errors, e => e.Contains("inte likadana", StringComparison.Ordinal));
        Assert.True(good.Succeeded, string.Join(" ", good.Errors));
    }

    [Fact]
    public async Task WrongCodesAndNames_GiveOneMessage_AndCountTowardLockout()
    {
        var (userName, userId, code) = await CreatedAsync();
        var other = await CreatedAsync();

        Assert.Equal([SignInCodes.FailureMessage], (await RedeemAsync("finns-inte", code.Code)).Errors);
        Assert.Equal([SignInCodes.FailureMessage], (await RedeemAsync(other.UserName, code.Code)).Errors);
        for (var i = 0; i < 5; i++) Assert.Equal([SignInCodes.FailureMessage], (await RedeemAsync(userName, "AAAA-BBBB-CCCC-DDDD-EEEE")).Errors);
        var locked = await RedeemAsync(userName, code.Code);

        Assert.True(locked.LockedOut);
        Assert.Null((await _world.FindAsync(userId)).PasswordHash);
    }

    [Fact]
    public async Task ASystemAccountOrADisabledAccount_CannotRedeem()
    {
        var (userName, userId, code) = await CreatedAsync();
        var admin = await _world.AsAsync("systemforvaltare");
        Assert.True(await _world.WithAsync(a => a.SetDisabledAsync(admin, userId, true, Ct)));

        Assert.False((await RedeemAsync(userName, code.Code)).Succeeded);
        Assert.Null((await _world.FindAsync(userId)).PasswordHash);
    }
}
