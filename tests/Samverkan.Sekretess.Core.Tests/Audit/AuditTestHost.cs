using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>
/// Core wired as the app wires it, with extra configuration (app role, checkpoints) and as many
/// "app instances" (service providers) on one database as a test needs.
/// </summary>
internal static class AuditTestHost
{
    public static ServiceProvider Build(string connectionString, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = DatabaseProviders.PostgreSql,
            ["Database:ConnectionString"] = connectionString,
            ["Keys:AuditChainKey"] = TestKeys.AuditChainKey,
            ["Keys:BlindIndexKey"] = TestKeys.BlindIndexKey,
            ["Policies:Directory"] = "policies",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        var services = new ServiceCollection().AddLogging();
        services.AddSekretessCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        return services.BuildServiceProvider();
    }

    public static async Task MigrateAndSeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var init = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        await init.MigrateAsync(CancellationToken.None);
        await init.SeedDemoDataAsync(CancellationToken.None);
    }

    public static async Task<ProcessContext> AsAsync(IServiceProvider services, string userName, string purpose = Purposes.CaseWork)
    {
        await using var scope = services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"No demo user {userName}");
        return new ProcessContext(user.Id, purpose);
    }
}
