using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Core.Tests.BreakGlass;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Data;

/// <summary>
/// Issue 17, finding 4 on SQLite (the README's first run, where the 500 was reported as "UNIQUE constraint failed:
/// Notifications.DedupKey"): reads under nödåtkomst owe the same notice for several items and must still answer.
/// </summary>
public sealed class SqliteBreakGlassNoticeTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sekretess-sqlite-btg-").FullName;
    private ServiceProvider _services = null!;
    private string _connectionString = "";

    public async ValueTask InitializeAsync()
    {
        _connectionString = $"Data Source={Path.Combine(_directory, "test.db")}";
        _services = CoreHost.CreateServices(_connectionString, new Dictionary<string, string?> { ["Database:Provider"] = DatabaseProviders.Sqlite });
        await using var scope = _services.CreateAsyncScope();
        var init = CoreHost.Get<DatabaseInitializer>(scope);
        await init.MigrateAsync(CancellationToken.None);
        await init.SeedDemoDataAsync(CancellationToken.None);
    }

    private BreakGlassNoticeScenario Scenario() => new(_services, () => TestDb.Create(DatabaseProviders.Sqlite, _connectionString));

    [Fact]
    public async Task ProtectedIdentityCaseWithContactItems_ReadRepeatedlyUnderBreakGlass_OnSqlite()
    {
        var s = Scenario();
        await s.CreateAsync();
        var first = await s.StartAsync();
        for (var load = 0; load < 3; load++) Assert.Equal(3, (await s.ReadAsync()).Items.Count);
        await s.AssertOneNoticePerRecipientAsync(first);

        await s.StopAsync();
        var second = await s.StartAsync();
        await s.ReadAsync();
        await s.ReadAsync();
        await s.AssertOneNoticePerRecipientAsync(second);
    }

    /// <summary>SQLite lets one writer in at a time, so the two reads cannot race as on PostgreSQL; both must still answer.</summary>
    [Fact]
    public async Task TwoConcurrentFirstReadsUnderBreakGlass_OnSqlite()
    {
        var s = Scenario();
        await s.CreateAsync();
        var session = await s.StartAsync();
        var reads = await Task.WhenAll(s.ReadAsync(), s.ReadAsync());
        Assert.All(reads, r => Assert.Equal(3, r.Items.Count));
        await s.AssertOneNoticePerRecipientAsync(session);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temporary folder behind.
        }
    }
}
