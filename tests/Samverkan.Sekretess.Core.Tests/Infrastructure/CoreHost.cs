using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.Infrastructure;

/// <summary>
/// Core wired exactly as the app wires it, against a real PostgreSQL database with the real
/// migrations and the real policies/ folder. Respawn empties the case and audit tables between
/// tests; authorities and demo users (reference data) stay.
/// </summary>
public sealed class CoreHost : IAsyncLifetime
{
    private Respawner? _respawner;

    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>The system clock plus an offset a test moves forward (expiry, "the next minute"); reset to zero by <see cref="ResetAsync"/>.</summary>
    public ShiftableClock Clock { get; } = new();
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await PostgresFixture.Cluster.CreateDatabaseAsync("core");
        Services = CreateServices(ConnectionString, configure: s => s.AddSingleton<TimeProvider>(Clock));

        await using (var scope = Services.CreateAsyncScope())
        {
            var init = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
            await init.MigrateAsync(CancellationToken.None);
            await init.SeedDemoDataAsync(CancellationToken.None);
        }

        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        _respawner = await Respawner.CreateAsync(conn, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["__EFMigrationsHistory", "Authorities", "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "AspNetUserClaims",
                "AspNetUserLogins", "AspNetUserTokens", "AspNetRoleClaims", "AspNetUserPasskeys", "DataProtectionKeys"],
        });
        await ResetAsync();
    }

    /// <summary>
    /// Core wired as the app wires it, on the given database, with extra configuration (e.g. a second host with other
    /// settings on the same database). The caller disposes it.
    /// </summary>
    public static ServiceProvider CreateServices(string connectionString, IReadOnlyDictionary<string, string?>? extra = null,
        Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = DatabaseProviders.PostgreSql,
            ["Database:ConnectionString"] = connectionString,
            ["Keys:AuditChainKey"] = TestKeys.AuditChainKey,
            ["Keys:BlindIndexKey"] = TestKeys.BlindIndexKey,
            ["Policies:Directory"] = "policies",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var services = new ServiceCollection().AddLogging();
        services.AddSekretessCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        // Demo passwords are hashed once per test run; keep it quick in tests only.
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Empties cases, persons, items and the audit log.</summary>
    public async Task ResetAsync()
    {
        Clock.Offset = TimeSpan.Zero;
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await _respawner!.ResetAsync(conn);
    }

    public static T Get<T>(AsyncServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>The process context of a demo persona, by user name (see DemoPersonas).</summary>
    public async Task<ProcessContext> AsAsync(string userName, string purpose = Purposes.CaseWork)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"No demo user {userName}");
        return new ProcessContext(user.Id, purpose);
    }

    /// <summary>Direct database access for assertions only (the app never gets this).</summary>
    internal SekretessDbContext NewDbContext() => TestDb.Create(DatabaseProviders.PostgreSql, ConnectionString);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        // This class's database is not used again: give its pooled connections back to the server at once.
        await using var conn = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(conn);
    }
}

/// <summary>The system clock plus an offset a test can move forward.</summary>
public sealed class ShiftableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
