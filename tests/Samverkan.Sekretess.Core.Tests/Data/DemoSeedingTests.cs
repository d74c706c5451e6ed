using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.Data;

/// <summary>
/// The demo users share a published password and TOTP secret: in a hosted app outside Development/Testing the initializer
/// refuses to seed them, whoever calls it (Program's startup check is the first lock, this the second).
/// </summary>
public sealed class DemoSeedingTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task SeedDemoData_InAHostOutsideDevelopmentAndTesting_RefusesAndCreatesNoUserAndNoTotpSecret(string environment)
    {
        var connectionString = await PostgresFixture.Cluster.CreateDatabaseAsync("demoseed");
        await using var services = CoreHost.CreateServices(connectionString,
            configure: s => s.AddSingleton<IHostEnvironment>(new Environment(environment)));
        await using var scope = services.CreateAsyncScope();
        var init = CoreHost.Get<DatabaseInitializer>(scope);
        await init.MigrateAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => init.SeedDemoDataAsync(CancellationToken.None));

        Assert.Contains("Database:SeedDemoData", error.Message, StringComparison.Ordinal);
        var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
        Assert.False(await users.Users.AnyAsync());
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void DemoSeeding_IsAllowedOnlyInDevelopmentAndTesting(string environment)
    {
        Assert.True(DemoSeeding.IsAllowedIn(new Environment(environment)));
        Assert.False(DemoSeeding.IsAllowedIn(new Environment("Production")));
        DemoSeeding.ThrowIfNotAllowed(seedDemoData: false, new Environment("Production"));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Samverkan.Sekretess.Web";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
