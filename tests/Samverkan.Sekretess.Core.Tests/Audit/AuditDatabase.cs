using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.Audit;

/// <summary>
/// A migrated, seeded database of its own, with checkpoints configured (a fresh P-256 key and a temp folder).
/// <see cref="ResetAsync"/> empties the audit log between tests.
/// </summary>
public sealed class AuditDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public string CheckpointDirectory { get; } = Directory.CreateTempSubdirectory("audit-cp").FullName;
    public string SigningKeyPem { get; }
    public ServiceProvider Services { get; private set; } = null!;

    public AuditDatabase()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        SigningKeyPem = key.ExportPkcs8PrivateKeyPem();
    }

    public Dictionary<string, string?> CheckpointSettings() => new()
    {
        ["Audit:CheckpointSigningKey"] = SigningKeyPem,
        ["Audit:CheckpointDirectory"] = CheckpointDirectory,
    };

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await PostgresFixture.Cluster.CreateDatabaseAsync("audit");
        Services = AuditTestHost.Build(ConnectionString, CheckpointSettings());
        await AuditTestHost.MigrateAndSeedAsync(Services);
    }

    public async Task ResetAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""TRUNCATE "AuditEntries", "InformationItems", "CaseParticipants", "Cases", "Persons" CASCADE""", conn);
        await cmd.ExecuteNonQueryAsync();
        foreach (var f in Directory.GetFiles(CheckpointDirectory)) File.Delete(f);
    }

    internal SekretessDbContext NewDbContext() => TestDb.Create(DatabaseProviders.PostgreSql, ConnectionString);

    /// <summary>Appends <paramref name="count"/> entries through the in-transaction path, one transaction each.</summary>
    internal async Task AppendAsync(int count, string action = "case.read")
    {
        for (var i = 0; i < count; i++)
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(db, NewEntry(action, i), CancellationToken.None);
            await tx.CommitAsync();
        }
    }

    /// <summary>Appends one given entry through the in-transaction path.</summary>
    internal async Task AppendAsync(AuditEntry entry)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        await scope.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync(db, entry, CancellationToken.None);
        await tx.CommitAsync();
    }

    internal static AuditEntry NewEntry(string action = "case.read", int i = 0) => new()
    {
        ActorUserId = "user-" + i, ActorAuthorityId = Guid.NewGuid(), ActorRole = "socialsekreterare", Action = action,
        ResourceType = "case", ResourceId = Guid.NewGuid().ToString(), CaseId = Guid.NewGuid(), ItemIds = $"{Guid.NewGuid()},{Guid.NewGuid()}",
        Decision = "permit", RuleIds = "CASE-R-001", LegalGround = i % 2 == 0 ? null : "CONSENT", Purpose = "handlaggning", PolicyVersion = "sha256:test",
    };

    internal async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var db = NewDbContext();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    internal async Task<AuditChainReport> VerifyAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditChainVerifier>()
            .VerifyAsync(scope.ServiceProvider.GetRequiredService<SekretessDbContext>(), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Directory.Delete(CheckpointDirectory, recursive: true);
    }
}
