using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>Result of a chain verification; <see cref="FirstBrokenSequence"/> names the first bad entry.</summary>
/// <param name="HeadHash">Hash of the last entry that verified (the chain head when intact).</param>
/// <param name="Detail">What exactly is wrong with the first bad entry (null when intact).</param>
/// <param name="Tail">The head compared with the newest signed checkpoint (AuditTailCheck); null when not compared.</param>
public sealed record AuditChainReport(bool IsIntact, long EntriesChecked, long? FirstBrokenSequence, string? Problem, string? HeadHash = null,
    AuditBreakDetail? Detail = null, AuditTail? Tail = null);

/// <summary>
/// The first broken entry, precisely: its stored fields that identify it, the link it should have had and the one it
/// has, and its stored hash against the hash recomputed with the key. Ids and hashes only, never content.
/// </summary>
public sealed record AuditBreakDetail(long Sequence, DateTime? OccurredAt, string? Action, string? ActorUserId, string ExpectedPreviousHash,
    string? StoredPreviousHash, string? StoredHash, string? ComputedHash);

/// <summary>
/// Walks the chain in sequence order and reports the first entry that is missing, reordered,
/// inserted or altered (its hash, or its link to the previous hash, does not verify).
/// Streams rows with a plain ADO.NET reader (no EF materialisation) and one reused HMAC instance.
/// </summary>
internal sealed class AuditChainVerifier(AuditHasher hasher)
{
    private const string Columns = """
        "Sequence", "OccurredAt", "ActorUserId", "ActorAuthorityId", "ActorRole", "Action", "ResourceType", "ResourceId",
        "ResourceAuthorityId", "CaseId", "PersonId", "ItemIds", "Decision", "RuleIds", "LegalGround", "Purpose",
        "PolicyVersion", "PreviousHash", "Hash", "Client", "HashVersion"
        """;

    /// <summary>How often progress is reported (entries).</summary>
    public const int ProgressStep = 10_000;

    public Task<AuditChainReport> VerifyAsync(SekretessDbContext db, CancellationToken ct) => VerifyAsync(db, 0, AuditHasher.GenesisHash, null, ct);

    public Task<AuditChainReport> VerifyAsync(SekretessDbContext db, IProgress<long>? progress, CancellationToken ct) =>
        VerifyAsync(db, 0, AuditHasher.GenesisHash, null, ct, progress);

    /// <summary>
    /// Verifies entries after <paramref name="afterSequence"/> (whose hash must be <paramref name="afterHash"/>;
    /// 0 and the genesis hash for the whole chain) up to and including <paramref name="upToSequence"/> (null: the head).
    /// </summary>
    public async Task<AuditChainReport> VerifyAsync(SekretessDbContext db, long afterSequence, string afterHash, long? upToSequence, CancellationToken ct,
        IProgress<long>? progress = null)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            cmd.CommandText = $"""SELECT {Columns} FROM "AuditEntries" WHERE "Sequence" > @after""" +
                (upToSequence is null ? "" : """ AND "Sequence" <= @upTo""") + """ ORDER BY "Sequence" """;
            AddParameter(cmd, "@after", afterSequence);
            if (upToSequence is { } upTo) AddParameter(cmd, "@upTo", upTo);
            await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            return await WalkAsync(reader, afterSequence, afterHash, progress, ct);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<AuditChainReport> WalkAsync(DbDataReader reader, long afterSequence, string afterHash, IProgress<long>? progress, CancellationToken ct)
    {
        using var hmac = hasher.CreateIncremental();
        var e = new AuditEntry();
        var expected = afterSequence + 1;
        var previous = afterHash;
        DateTime? previousTime = null;
        while (await reader.ReadAsync(ct))
        {
            Read(reader, e);
            if (e.Sequence != expected)
                return new(false, expected - 1 - afterSequence, expected,
                    e.Sequence > expected ? $"Post {expected} saknas (nästa post i tabellen är {e.Sequence})." : $"Post {expected} ligger i fel ordning.", previous,
                    new AuditBreakDetail(expected, null, null, null, previous, null, null, null));
            if (e.PreviousHash != previous)
                return new(false, expected - 1 - afterSequence, e.Sequence, "Länken till föregående post stämmer inte (posten är flyttad, infogad eller ändrad).", previous,
                    Detail(e, previous));
            if (!AuditHasher.Matches(hmac, e, e.Hash))
                return new(false, expected - 1 - afterSequence, e.Sequence, AuditHasher.IsKnownVersion(e.HashVersion)
                    ? "Postens hash stämmer inte: posten är ändrad eller infogad."
                    : "Postens hashversion är okänd: posten är ändrad eller infogad.", previous, Detail(e, previous));
            // The writer never lets time go back (AuditLog.Chain); the time search depends on it. An entry that verifies
            // but is older than its predecessor was written outside the writer (or by a writer without that rule).
            if (previousTime is { } before && e.OccurredAt < before)
                return new(false, expected - 1 - afterSequence, e.Sequence, "Postens tid ligger före föregående posts tid (loggens tid får aldrig gå bakåt).",
                    previous, Detail(e, previous));
            previous = e.Hash;
            previousTime = e.OccurredAt;
            if (progress is not null && (expected - afterSequence) % ProgressStep == 0) progress.Report(expected - afterSequence);
            expected++;
        }

        progress?.Report(expected - 1 - afterSequence);
        return new(true, expected - 1 - afterSequence, null, null, previous);
    }

    private AuditBreakDetail Detail(AuditEntry e, string expectedPrevious) =>
        new(e.Sequence, e.OccurredAt, e.Action, e.ActorUserId, expectedPrevious, e.PreviousHash, e.Hash,
            AuditHasher.IsKnownVersion(e.HashVersion) ? hasher.Compute(e) : null);

    private static void Read(DbDataReader r, AuditEntry e)
    {
        // SequentialAccess: columns strictly in order.
        e.Sequence = r.GetInt64(0);
        e.OccurredAt = r.GetDateTime(1);
        e.ActorUserId = r.IsDBNull(2) ? null : r.GetString(2);
        e.ActorAuthorityId = r.IsDBNull(3) ? null : r.GetGuid(3);
        e.ActorRole = r.GetString(4);
        e.Action = r.GetString(5);
        e.ResourceType = r.GetString(6);
        e.ResourceId = r.IsDBNull(7) ? null : r.GetString(7);
        e.ResourceAuthorityId = r.IsDBNull(8) ? null : r.GetGuid(8);
        e.CaseId = r.IsDBNull(9) ? null : r.GetGuid(9);
        e.PersonId = r.IsDBNull(10) ? null : r.GetGuid(10);
        e.ItemIds = r.GetString(11);
        e.Decision = r.GetString(12);
        e.RuleIds = r.GetString(13);
        e.LegalGround = r.IsDBNull(14) ? null : r.GetString(14);
        e.Purpose = r.IsDBNull(15) ? null : r.GetString(15);
        e.PolicyVersion = r.GetString(16);
        e.PreviousHash = r.GetString(17);
        e.Hash = r.GetString(18);
        e.Client = r.IsDBNull(19) ? null : r.GetString(19);
        e.HashVersion = r.GetInt16(20);
    }

    private static void AddParameter(DbCommand cmd, string name, long value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
