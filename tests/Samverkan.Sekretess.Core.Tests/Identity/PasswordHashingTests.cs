using System.Buffers.Binary;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Identity;

/// <summary>
/// The password hash's cost as production registers it (ASVS 11.4.2, Appendix C: PBKDF2 at 210,000 iterations or more),
/// and that an older, cheaper hash is replaced at the configured cost on the next successful sign-in.
/// </summary>
public sealed class PasswordHashingTests(CoreHost host) : IClassFixture<CoreHost>
{
    /// <summary>The iteration count in an Identity V3 hash: format byte, PRF (4 bytes), then the count, big-endian.</summary>
    private static int Iterations(string hash) => (int)BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));

    [Fact]
    public void TheProductionRegistration_HashesWithAtLeast210000Iterations()
    {
        // AddSekretessCore as the app calls it, without the test hosts' speed override; nothing here opens the database.
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = DatabaseProviders.PostgreSql,
            ["Database:ConnectionString"] = "Host=unused.invalid",
            ["Policies:Directory"] = "policies",
        };
        var services = new ServiceCollection().AddLogging();
        services.AddSekretessCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PasswordHasherOptions>>().Value;
        var hash = new PasswordHasher<ApplicationUser>(Options.Create(options)).HashPassword(new ApplicationUser(), "ett lösenord bara jag känner till");

        Assert.True(options.IterationCount >= 210_000, $"PBKDF2 iterations: {options.IterationCount}");
        Assert.Equal(options.IterationCount, Iterations(hash));
    }

    [Fact]
    public async Task AHashWithFewerIterations_IsRehashedAtTheConfiguredCount_OnTheNextSignIn()
    {
        const string password = "ett lösenord bara jag känner till";
        await using var scope = host.Services.CreateAsyncScope();
        var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
        var configured = CoreHost.Get<IOptions<PasswordHasherOptions>>(scope).Value.IterationCount;
        var user = (await users.FindByNameAsync("systemforvaltare"))!;
        var cheaper = new PasswordHasher<ApplicationUser>(Options.Create(new PasswordHasherOptions { IterationCount = configured / 2 }));
        user.PasswordHash = cheaper.HashPassword(user, password);
        Assert.True((await users.UpdateAsync(user)).Succeeded);

        // The sign-in path's password check (SignInManager.CheckPasswordSignInAsync calls this; Core has no HTTP sign-in).
        Assert.True(await users.CheckPasswordAsync(user, password));

        var stored = (await users.FindByNameAsync("systemforvaltare"))!.PasswordHash!;
        Assert.Equal(configured, Iterations(stored));
    }
}
