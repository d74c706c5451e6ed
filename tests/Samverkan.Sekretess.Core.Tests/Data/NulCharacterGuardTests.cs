using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Data;

/// <summary>
/// A NUL character in a text value never reaches PostgreSQL: it fails the one command that carried it and leaves the
/// pooled connection sound for the next caller. Without the guard, a NUL on the use where Npgsql auto-prepares the
/// statement (the fifth) broke the connection's following query ("Received unexpected backend message DataRow").
/// </summary>
public sealed class NulCharacterGuardTests(CoreHost host) : IClassFixture<CoreHost>
{
    [Fact]
    public async Task ANulOnTheUseThatPreparesTheStatement_IsRefused_AndTheConnectionStaysSound()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = host.Services.CreateAsyncScope();
        var db = CoreHost.Get<SekretessDbContext>(scope);
        await db.Database.OpenConnectionAsync(ct); // one physical connection for every query below
        var known = await db.Users.Select(u => u.Id).FirstAsync(ct);

        for (var use = 1; use <= 4; use++)
            Assert.NotNull(await UserByIdAsync(db, known, ct));
        await Assert.ThrowsAsync<NulCharacterException>(() => UserByIdAsync(db, "\0", ct));

        Assert.NotNull(await UserByIdAsync(db, known, ct));
        Assert.Equal(1, await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").SingleAsync(ct));
    }

    [Fact]
    public async Task AnyTextParameter_IsChecked_IncludingLists()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = host.Services.CreateAsyncScope();
        var db = CoreHost.Get<SekretessDbContext>(scope);
        string[] names = ["a", "b\0"];

        await Assert.ThrowsAsync<NulCharacterException>(() => db.Users.Where(u => names.Contains(u.UserName)).ToListAsync(ct));
        await Assert.ThrowsAsync<NulCharacterException>(() => db.Database.ExecuteSqlAsync($"SELECT {"x\0"}", ct));
        Assert.Empty(await db.Users.Where(u => names.Take(1).Contains(u.UserName)).ToListAsync(ct));
    }

    [Fact]
    public async Task TheUserStore_FindsNobodyForANulIdOrName_WithoutAnError()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        Assert.Null(await users.FindByIdAsync("\0"));
        Assert.Null(await users.FindByNameAsync("socialsekreterare\0"));
        Assert.NotNull(await users.FindByNameAsync("socialsekreterare"));
    }

    // The same parameterised statement each time (the id is a parameter, not a literal), as Identity's FindByIdAsync sends it.
    private static Task<ApplicationUser?> UserByIdAsync(SekretessDbContext db, string id, CancellationToken ct) =>
        db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
}
