using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>What the chain's end was compared with.</summary>
public enum AuditTailState
{
    /// <summary>The newest signed checkpoint's entry is there with the signed hash; nothing up to it is missing.</summary>
    Confirmed,
    /// <summary>No signed checkpoint to compare with: removed entries at the end cannot be detected.</summary>
    NoCheckpoint,
    /// <summary>The newest checkpoint names entries the database no longer has.</summary>
    Truncated,
    /// <summary>The entry at the newest checkpoint has another hash than the signed one: history was rewritten with the key.</summary>
    Rewritten,
}

/// <summary>The comparison of the chain's head with the newest signed checkpoint, in plain Swedish.</summary>
public sealed record AuditTail(AuditTailState State, long? CheckpointSequence, DateTimeOffset? CheckpointCreatedAt, string Message);

/// <summary>
/// The verification every caller uses (the DPO's page, the nightly job, the CLI): the whole hash chain, then its head
/// against the newest signed checkpoint in the configured folder. The chain alone cannot show that its last entries were
/// deleted (what is left still links up); the checkpoint, signed with a key the database does not hold and kept off the
/// box, can. Without one the report says so instead of calling the log intact without qualification.
/// </summary>
internal sealed class AuditTailCheck(AuditChainVerifier verifier, AuditCheckpoints checkpoints, IOptions<AuditCheckpointOptions> options)
{
    public async Task<AuditChainReport> VerifyAsync(SekretessDbContext db, IProgress<long>? progress, CancellationToken ct)
    {
        var chain = await verifier.VerifyAsync(db, progress, ct);
        if (!chain.IsIntact) return chain;
        var newest = checkpoints.CanVerify ? checkpoints.LatestValid() : null;
        if (newest is null) return chain with { Tail = new AuditTail(AuditTailState.NoCheckpoint, null, null, NoCheckpointMessage()) };

        var when = newest.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var head = chain.EntriesChecked;
        if (head < newest.Sequence)
        {
            var missing = head + 1 == newest.Sequence
                ? string.Create(CultureInfo.InvariantCulture, $"Post {head + 1}")
                : string.Create(CultureInfo.InvariantCulture, $"Post {head + 1}–{newest.Sequence}");
            var tail = new AuditTail(AuditTailState.Truncated, newest.Sequence, newest.CreatedAt,
                string.Create(CultureInfo.InvariantCulture,
                    $"Poster i slutet av loggen saknas: den senaste signerade kontrollpunkten ({when}) intygar {newest.Sequence} poster, databasen har {head}. {missing} har tagits bort."));
            return chain with { IsIntact = false, FirstBrokenSequence = head + 1, Problem = tail.Message, Tail = tail };
        }

        var hash = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == newest.Sequence).Select(e => e.Hash).SingleAsync(ct);
        if (!string.Equals(hash, newest.Hash, StringComparison.Ordinal))
        {
            var tail = new AuditTail(AuditTailState.Rewritten, newest.Sequence, newest.CreatedAt,
                string.Create(CultureInfo.InvariantCulture,
                    $"Historiken fram till post {newest.Sequence} har skrivits om: postens hash stämmer inte med den signerade kontrollpunkten ({when})."));
            return chain with { IsIntact = false, EntriesChecked = newest.Sequence - 1, FirstBrokenSequence = newest.Sequence, Problem = tail.Message, Tail = tail };
        }

        var after = head - newest.Sequence;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Jämförd med den senaste signerade kontrollpunkten (post {newest.Sequence}, {when}): inga poster fram till den saknas.");
        if (after > 0) message += string.Create(CultureInfo.InvariantCulture, $" De {after} poster som skrivits efter den styrks först av nästa kontrollpunkt.");
        return chain with { Tail = new AuditTail(AuditTailState.Confirmed, newest.Sequence, newest.CreatedAt, message) };
    }

    private string NoCheckpointMessage()
    {
        var o = options.Value;
        var why = !o.CheckpointsEnabled && string.IsNullOrWhiteSpace(o.CheckpointDirectory)
            ? "kontrollpunkter är avstängda eller ingen katalog för dem är angiven (Audit:CheckpointsEnabled, Audit:CheckpointDirectory; i kommandoraden --checkpoints)"
            : !checkpoints.CanVerify ? "ingen nyckel att kontrollera kontrollpunkterna med är angiven"
            : $"ingen giltig signerad kontrollpunkt finns i {o.CheckpointDirectory}";
        return $"VARNING: ingen kontrollpunkt att jämföra med — {why}. Om poster i slutet av loggen har tagits bort kan det inte upptäckas.";
    }
}
