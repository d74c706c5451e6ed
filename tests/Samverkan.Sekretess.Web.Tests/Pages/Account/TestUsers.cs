using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Account;

/// <summary>Creates a fresh user without a second factor, as an administrator would (test setup only).</summary>
internal static class TestUsers
{
    public const string Password = "en lång och ovanlig testfras 42";

    public static async Task<string> CreateWithoutMfaAsync(AppServer app, string role = Roles.SocialWorker, string authorityCode = "soc-kristianstad")
    {
        using var scope = app.Services.CreateScope();
        var authorities = await scope.ServiceProvider.GetRequiredService<DirectoryReads>().ListAuthoritiesAsync(CancellationToken.None);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var userName = "ny" + Guid.NewGuid().ToString("N")[..10];
        var result = await users.CreateAsync(new ApplicationUser
        {
            UserName = userName, DisplayName = "Ny Testanvändare", AuthorityId = authorities.Single(a => a.Code == authorityCode).Id,
            Role = role, Unit = "Test", AttributeSource = "test", LockoutEnabled = true,
        }, Password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return userName;
    }

    /// <summary>A fresh user enrolled with the demo TOTP secret and the demo password, so <see cref="HttpLogin.LogInAsync"/> works for it.</summary>
    public static async Task<string> CreateWithMfaAsync(AppServer app, string role = Roles.SocialWorker, string authorityCode = "soc-kristianstad")
    {
        using var scope = app.Services.CreateScope();
        var authorities = await scope.ServiceProvider.GetRequiredService<DirectoryReads>().ListAuthoritiesAsync(CancellationToken.None);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = "mfa" + Guid.NewGuid().ToString("N")[..10], DisplayName = "Ny Testanvändare", TwoFactorEnabled = true,
            AuthorityId = authorities.Single(a => a.Code == authorityCode).Id, Role = role, Unit = "Test", AttributeSource = "test", LockoutEnabled = true,
        };
        var result = await users.CreateAsync(user, Samverkan.Sekretess.Core.Seeding.DemoPersonas.Password);
        if (result.Succeeded) result = await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", Samverkan.Sekretess.Core.Seeding.DemoPersonas.TotpSecret);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return user.UserName;
    }
}
