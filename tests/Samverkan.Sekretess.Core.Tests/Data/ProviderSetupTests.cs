using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Data;

/// <summary>
/// PostgreSQL sessions prepare their recurring statements and run without JIT, unless the operator's connection string
/// says otherwise.
/// </summary>
public sealed class ProviderSetupTests(CoreHost host) : IClassFixture<CoreHost>
{
    [Fact]
    public void PostgreSql_WithoutSettings_GetsBothDefaultsAndKeepsTheRest()
    {
        var cs = new NpgsqlConnectionStringBuilder(ProviderSetup.WithSessionDefaults("Host=/tmp/x;Database=samverkan;Maximum Pool Size=7"));

        Assert.Equal(ProviderSetup.DefaultMaxAutoPrepare, cs.MaxAutoPrepare);
        Assert.Equal(ProviderSetup.DefaultOptions, cs.Options);
        Assert.Equal("/tmp/x", cs.Host);
        Assert.Equal("samverkan", cs.Database);
        Assert.Equal(7, cs.MaxPoolSize);
    }

    [Theory]
    [InlineData("Host=h;Max Auto Prepare=0", 0)]
    [InlineData("Host=h;max auto prepare=12", 12)]
    [InlineData("Host=h;MaxAutoPrepare=3", 3)]
    public void PostgreSql_AnExplicitAutoPrepare_IsKept(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(ProviderSetup.WithSessionDefaults(connectionString)).MaxAutoPrepare);

    [Theory]
    [InlineData("Host=h;Options=-c search_path=x", "-c search_path=x")]
    [InlineData("Host=h;options='-c jit=on'", "-c jit=on")]
    public void PostgreSql_ExplicitOptions_AreKept(string connectionString, string expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(ProviderSetup.WithSessionDefaults(connectionString)).Options);

    [Fact]
    public async Task TheAppsDbContext_RunsItsSessionWithTheDefaults()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = CoreHost.Get<SekretessDbContext>(scope);

        Assert.Equal(ProviderSetup.DefaultMaxAutoPrepare, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxAutoPrepare);
        var jit = await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal("off", jit);
    }

    [Fact]
    public void Sqlite_IsLeftAsWritten()
    {
        // Through TestDb, with the app's Identity store options: a SQLite context built without them would put a model with the
        // default Identity schema into EF's shared model cache, and MigrationTests would then see "pending model changes".
        using var db = TestDb.Create(DatabaseProviders.Sqlite, "Data Source=:memory:");

        Assert.Equal("Data Source=:memory:", db.Database.GetConnectionString());
    }
}
