using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// Appends entries to the hash chain inside the caller's transaction. The chain lock makes sequence
/// and previous-hash a single gap-free sequence even with several app instances on one database.
/// </summary>
internal sealed class AuditLog(AuditHasher hasher, TimeProvider clock)
{
    // SQLite (the embedded default) is one process; PostgreSQL and SQL Server get a database lock.
    private static readonly SemaphoreSlim EmbeddedChainLock = new(1, 1);
    private const long ChainLockKey = 0x5A4D_5345_4B52; // arbitrary, fixed: "ZMSEKR"

    /// <summary>Appends <paramref name="entry"/> in the current transaction, which the caller must have begun.</summary>
    public async Task AppendAsync(SekretessDbContext db, AuditEntry entry, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Audit entries are written inside the access transaction.");

        var embedded = db.Database.IsSqlite();
        if (embedded) await EmbeddedChainLock.WaitAsync(ct);
        try
        {
            await AcquireDatabaseChainLockAsync(db, ct);
            var last = await db.AuditEntries.AsNoTracking()
                .OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash })
                .FirstOrDefaultAsync(ct);

            var now = clock.GetUtcNow().UtcDateTime;
            entry.OccurredAt = new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
            entry.Sequence = (last?.Sequence ?? 0) + 1;
            entry.PreviousHash = last?.Hash ?? AuditHasher.GenesisHash;
            entry.Hash = hasher.Compute(entry);
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            if (embedded) EmbeddedChainLock.Release();
        }
    }

    private static async Task AcquireDatabaseChainLockAsync(SekretessDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
        else if (db.Database.IsSqlServer())
            await db.Database.ExecuteSqlRawAsync(
                "EXEC sp_getapplock @Resource = 'samverkan-audit-chain', @LockMode = 'Exclusive', @LockOwner = 'Transaction'", ct);
    }
}
