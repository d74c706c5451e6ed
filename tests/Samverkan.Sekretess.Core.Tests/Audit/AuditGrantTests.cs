using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>
/// The app's database role (db/scripts/postgresql-app-role.sql) may append to and read the audit log,
/// never change it; and the whole app works when it runs as that role.
/// </summary>
public sealed class AuditGrantTests : IAsyncLifetime
{
    private const string AppRole = "samverkan_app";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private ServiceProvider _owner = null!;
    private ServiceProvider _app = null!;
    private string _appConnectionString = "";

    public async ValueTask InitializeAsync()
    {
        var ownerCs = await PostgresFixture.Cluster.CreateDatabaseAsync("grants");
        _owner = AuditTestHost.Build(ownerCs, new Dictionary<string, string?>
        {
            ["Database:ApplyGrants"] = "true",
            ["Database:AppRole"] = AppRole,
        });
        await AuditTestHost.MigrateAndSeedAsync(_owner);
        _appConnectionString = new NpgsqlConnectionStringBuilder(ownerCs) { Username = AppRole }.ConnectionString;
        _app = AuditTestHost.Build(_appConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _owner.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<NpgsqlConnection> OpenAsAppAsync()
    {
        var conn = new NpgsqlConnection(_appConnectionString);
        await conn.OpenAsync(Ct);
        await using var who = new NpgsqlCommand("SELECT current_user", conn);
        Assert.Equal(AppRole, (string?)await who.ExecuteScalarAsync(Ct));
        return conn;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(Ct);
    }

    [Theory]
    [InlineData("""UPDATE "AuditEntries" SET "Decision" = 'permit'""")]
    [InlineData("""UPDATE "AuditEntries" SET "Hash" = "Hash" WHERE "Sequence" = 1""")]
    [InlineData("""DELETE FROM "AuditEntries" WHERE "Sequence" = 1""")]
    [InlineData("""DELETE FROM "AuditEntries" """)]
    [InlineData("""TRUNCATE "AuditEntries" """)]
    [InlineData("""ALTER TABLE "AuditEntries" DISABLE TRIGGER ALL""")]
    [InlineData("""DROP TABLE "AuditEntries" """)]
    public async Task AppRole_ChangingTheAuditLog_IsRefusedByTheDatabase(string sql)
    {
        await using var conn = await OpenAsAppAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(conn, sql));
        // 42501 insufficient_privilege; ALTER/DROP need ownership (also 42501).
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task AppRole_RunsTheAppAndAppendsAndReadsTheAuditLog()
    {
        var social = await AuditTestHost.AsAsync(_app, "socialsekreterare");
        await using (var scope = _app.CreateAsyncScope())
        {
            var caseId = await scope.ServiceProvider.GetRequiredService<CaseWrites>()
                .OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sig, "20100505-9801", "Testa Testsson"), Ct);
            await scope.ServiceProvider.GetRequiredService<ItemWrites>().AddItemAsync(social, caseId, new AddItemCommand("S1", "Utredning", "Fiktiv text"), Ct);
            var details = await scope.ServiceProvider.GetRequiredService<CaseReads>().GetCaseAsync(social, caseId, Ct);
            Assert.Single(details.Items);
        }

        await using (var conn = await OpenAsAppAsync())
        {
            await using var count = new NpgsqlCommand("""SELECT count(*) FROM "AuditEntries" WHERE "Action" = 'case.read'""", conn);
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync(Ct))!);
        }

        await using (var scope = _app.CreateAsyncScope())
        {
            var dpo = await AuditTestHost.AsAsync(_app, "dataskyddsombud", Purposes.LogReview);
            var report = await scope.ServiceProvider.GetRequiredService<AuditReads>().VerifyChainAsync(dpo, Ct);
            Assert.True(report.IsIntact, report.Problem);
        }
    }

    [Fact]
    public async Task ApplyGrants_RunTwice_IsIdempotent()
    {
        await using var scope = _owner.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(Ct);
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(Ct);

        await using var conn = await OpenAsAppAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(conn, """DELETE FROM "AuditEntries" """));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public void Script_NeverGrantsChangesToTheAuditLog()
    {
        Assert.Contains("""GRANT SELECT, INSERT ON TABLE public."AuditEntries" TO""", DatabaseGrants.Script, StringComparison.Ordinal);
    }
}
