using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// Appends entries to the hash chain. Two paths, one chain:
/// <list type="bullet">
/// <item><see cref="AppendAsync"/>: inside the caller's transaction (writes, denials, admin changes): the entry commits
/// with the change it records.</item>
/// <item><see cref="AppendReadDurablyAsync"/>: group commit for read audits. One in-process writer drains whatever
/// entries are queued into one transaction (chain lock, read head, insert N chained rows, one durable COMMIT with
/// synchronous_commit on) and completes each caller only after that commit; if the batch fails, every caller in
/// it gets the exception, so no data is returned (fail closed).</item>
/// </list>
/// The chain lock (PostgreSQL advisory lock, SQL Server applock, in-process lock for SQLite) keeps sequence and
/// previous-hash a single gap-free sequence with both paths and several app instances on one database.
/// </summary>
internal sealed class AuditLog(AuditHasher hasher, TimeProvider clock, IServiceScopeFactory scopes, IAuditClient client) : IAsyncDisposable, IDisposable
{
    // SQLite (the embedded default) is one process; PostgreSQL and SQL Server get a database lock.
    private static readonly SemaphoreSlim EmbeddedChainLock = new(1, 1);
    private const long ChainLockKey = 0x5A4D_5345_4B52; // arbitrary, fixed: "ZMSEKR"
    private const int MaxBatch = 2000;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _writer;
    private long _batches;
    private int _queued;

    /// <summary>Test seam: awaited by the writer before it drains a batch (lets a test queue many entries first).</summary>
    internal Func<Task>? BeforeBatchForTests { get; set; }

    /// <summary>Number of group-commit transactions so far (for benchmarks and tests).</summary>
    public long GroupCommitBatches => Interlocked.Read(ref _batches);

    /// <summary>Entries waiting for the group-commit writer.</summary>
    public int QueuedReads => Volatile.Read(ref _queued);

    /// <summary>Appends <paramref name="entry"/> in the current transaction, which the caller must have begun.</summary>
    public async Task AppendAsync(SekretessDbContext db, AuditEntry entry, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Audit entries are written inside the access transaction.");
        entry.Client ??= client.Current;

        var embedded = db.Database.IsSqlite();
        if (embedded) await EmbeddedChainLock.WaitAsync(ct);
        try
        {
            await AcquireDatabaseChainLockAsync(db, ct);
            var last = await db.AuditEntries.AsNoTracking()
                .OrderByDescending(a => a.Sequence)
                .Select(a => new { a.Sequence, a.Hash, a.OccurredAt })
                .FirstOrDefaultAsync(ct);

            Chain(entry, new Head(last?.Sequence ?? 0, last?.Hash ?? AuditHasher.GenesisHash, last?.OccurredAt));
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            if (embedded) EmbeddedChainLock.Release();
        }
    }

    /// <summary>
    /// Queues a read entry for group commit and completes once it is durably committed. Throws if its batch
    /// failed: the caller must then not return the data. Call it outside any transaction that holds the chain
    /// lock (i.e. not after <see cref="AppendAsync"/> in the same open transaction), or it waits on itself.
    /// </summary>
    public Task AppendReadDurablyAsync(AuditEntry entry, CancellationToken ct)
    {
        EnsureWriter();
        entry.Client ??= client.Current; // taken on the caller's flow: the request's client, not the writer's
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _queued);
            throw new InvalidOperationException("The audit writer has stopped; nothing can be shown.");
        }

        return pending.Done.Task.WaitAsync(ct);
    }

    private void EnsureWriter()
    {
        if (_writer is not null) return;
        lock (_startLock) _writer ??= Task.Run(RunWriterAsync);
    }

    private async Task RunWriterAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            if (BeforeBatchForTests is { } gate) await gate();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var p)) batch.Add(p);
            Interlocked.Add(ref _queued, -batch.Count);
            try
            {
                await WriteBatchAsync(batch);
                Interlocked.Increment(ref _batches);
                foreach (var p in batch) p.Done.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var p in batch) p.Done.TrySetException(e);
            }

            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        // The writer's own scope and connection: never a request's DbContext, which is not thread-safe.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        if (db.Database.IsNpgsql())
        {
            await WriteBatchPostgresAsync(db, tx, batch);
        }
        else
        {
            foreach (var p in batch) await AppendAsync(db, p.Entry, CancellationToken.None);
        }

        await tx.CommitAsync(CancellationToken.None);
    }

    private async Task WriteBatchPostgresAsync(SekretessDbContext db, IDbContextTransaction tx, List<Pending> batch)
    {
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTx = (NpgsqlTransaction)tx.GetDbTransaction();
        var last = new Head(0, AuditHasher.GenesisHash, null);
        // Durable whatever the server default is; then the chain lock (held until COMMIT); then the head.
        await using (var lockCmd = new NpgsqlCommand($"SET LOCAL synchronous_commit TO on; SELECT pg_advisory_xact_lock({ChainLockKey})", conn, npgsqlTx))
            await lockCmd.ExecuteNonQueryAsync();
        await using (var head = new NpgsqlCommand("""SELECT "Sequence", "Hash", "OccurredAt" FROM "AuditEntries" ORDER BY "Sequence" DESC LIMIT 1""", conn, npgsqlTx))
        await using (var reader = await head.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync()) last = new Head(reader.GetInt64(0), reader.GetString(1), reader.GetDateTime(2));
        }

        foreach (var p in batch)
        {
            Chain(p.Entry, last);
            last = new Head(p.Entry.Sequence, p.Entry.Hash, p.Entry.OccurredAt);
        }

        await using var copy = await conn.BeginBinaryImportAsync(
            """
            COPY "AuditEntries" ("Sequence", "OccurredAt", "ActorUserId", "ActorAuthorityId", "ActorRole", "Action", "ResourceType",
                "ResourceId", "ResourceAuthorityId", "CaseId", "PersonId", "ItemIds", "Decision", "RuleIds", "LegalGround", "Purpose",
                "PolicyVersion", "PreviousHash", "Hash", "Client", "HashVersion") FROM STDIN (FORMAT BINARY)
            """);
        foreach (var p in batch) await WriteRowAsync(copy, p.Entry);
        await copy.CompleteAsync();
    }

    /// <summary>Writes one entry as a binary COPY row, columns in the order of the COPY statement above.</summary>
    internal static async Task WriteRowAsync(NpgsqlBinaryImporter copy, AuditEntry e)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(e.Sequence, NpgsqlDbType.Bigint);
        await copy.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz);
        await WriteNullableAsync(copy, e.ActorUserId);
        await WriteNullableAsync(copy, e.ActorAuthorityId);
        await copy.WriteAsync(e.ActorRole, NpgsqlDbType.Varchar);
        await copy.WriteAsync(e.Action, NpgsqlDbType.Varchar);
        await copy.WriteAsync(e.ResourceType, NpgsqlDbType.Varchar);
        await WriteNullableAsync(copy, e.ResourceId);
        await WriteNullableAsync(copy, e.ResourceAuthorityId);
        await WriteNullableAsync(copy, e.CaseId);
        await WriteNullableAsync(copy, e.PersonId);
        await copy.WriteAsync(e.ItemIds, NpgsqlDbType.Text);
        await copy.WriteAsync(e.Decision, NpgsqlDbType.Varchar);
        await copy.WriteAsync(e.RuleIds, NpgsqlDbType.Varchar);
        await WriteNullableAsync(copy, e.LegalGround);
        await WriteNullableAsync(copy, e.Purpose);
        await copy.WriteAsync(e.PolicyVersion, NpgsqlDbType.Varchar);
        await copy.WriteAsync(e.PreviousHash, NpgsqlDbType.Varchar);
        await copy.WriteAsync(e.Hash, NpgsqlDbType.Varchar);
        await WriteNullableAsync(copy, e.Client);
        await copy.WriteAsync(e.HashVersion, NpgsqlDbType.Smallint);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Varchar);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, Guid? value) =>
        value is { } g ? copy.WriteAsync(g, NpgsqlDbType.Uuid) : copy.WriteNullAsync();

    /// <summary>
    /// Links <paramref name="entry"/> after the given head: time, sequence, previous hash, own hash. The time never goes
    /// back along the chain: if the server clock stepped back (an NTP correction, a clock that ran ahead), the entry
    /// carries the previous entry's time until the clock catches up. The DPO's time search relies on this to turn a time
    /// range into a sequence range with one index probe per bound (AuditSearch), and the verifier checks it.
    /// </summary>
    private void Chain(AuditEntry entry, Head last)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stamp = new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
        entry.OccurredAt = last.OccurredAt is { } previous && previous > stamp ? DateTime.SpecifyKind(previous, DateTimeKind.Utc) : stamp;
        entry.Sequence = last.Sequence + 1;
        entry.PreviousHash = last.Hash;
        entry.HashVersion = AuditHasher.CurrentVersion;
        entry.Hash = hasher.Compute(entry);
    }

    /// <summary>The chain head an entry is linked after (OccurredAt null for an empty chain).</summary>
    private readonly record struct Head(long Sequence, string Hash, DateTime? OccurredAt);

    private static async Task AcquireDatabaseChainLockAsync(SekretessDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", ct);
        else if (db.Database.IsSqlServer())
            await db.Database.ExecuteSqlRawAsync(
                "EXEC sp_getapplock @Resource = 'samverkan-audit-chain', @LockMode = 'Exclusive', @LockOwner = 'Transaction'", ct);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is { } w) await w;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer?.GetAwaiter().GetResult();
    }

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource Done);
}
