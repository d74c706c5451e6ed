using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Identity;

/// <summary>The administration tests' world: the demo authorities, administrators with a second factor, fresh accounts.</summary>
internal sealed class AdminWorld(CoreHost host)
{
    public const string Social = "soc-kristianstad";
    public const string Police = "polis-lpo-kristianstad";
    public const string School = "utb-kristianstad";
    public static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A demo persona signed in with a second factor (administration asks for it).</summary>
    public async Task<ProcessContext> AsAsync(string userName) => (await host.AsAsync(userName)) with { Mfa = true };

    public async Task<Guid> AuthorityAsync(string code)
    {
        await using var db = host.NewDbContext();
        return await db.Authorities.Where(a => a.Code == code).Select(a => a.Id).SingleAsync();
    }

    /// <summary>A fresh enabled account with a password, for tests that change it (demo users stay as they are).</summary>
    public async Task<ApplicationUser> NewUserAsync(string authorityCode, string role = Roles.SocialWorker, string password = "en lång och ovanlig testfras 42")
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
        var user = new ApplicationUser
        {
            UserName = "t" + Guid.NewGuid().ToString("N")[..12], DisplayName = "Test Testsson", AuthorityId = await AuthorityAsync(authorityCode),
            Role = role, Unit = "Test", AttributeSource = "test", LockoutEnabled = true, TwoFactorEnabled = true,
        };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) result = await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", Seeding.DemoPersonas.TotpSecret);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Code)));
        return user;
    }

    /// <summary>A gemensam systemförvaltare (no demo persona has the role), signed in with a second factor.</summary>
    public async Task<ProcessContext> RegionalAdministratorAsync() =>
        new((await NewUserAsync(Social, Roles.RegionalAdministrator)).Id, Purposes.CaseWork, Mfa: true);

    public async Task<ApplicationUser> FindAsync(string userId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await CoreHost.Get<UserManager<ApplicationUser>>(scope).FindByIdAsync(userId))!;
    }

    public async Task<T> WithAsync<T>(Func<UserAdministration, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(CoreHost.Get<UserAdministration>(scope));
    }

    public async Task<T> WithCodesAsync<T>(Func<SignInCodes, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(CoreHost.Get<SignInCodes>(scope));
    }

    public async Task<List<Samverkan.Sekretess.Core.Audit.AuditEntry>> EntriesAsync(string? actorUserId, string action)
    {
        await using var db = host.NewDbContext();
        return await db.AuditEntries.Where(e => e.ActorUserId == actorUserId && e.Action == action).OrderBy(e => e.Sequence).ToListAsync();
    }

    public NewUserCommand NewUser(Guid authorityId, string role = Roles.CommunityPolice) =>
        new("n" + Guid.NewGuid().ToString("N")[..12], "Ny Användare", authorityId, role, "Testenheten");
}
