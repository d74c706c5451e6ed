using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>Result of a chain verification; <see cref="FirstBrokenSequence"/> names the first bad entry.</summary>
public sealed record AuditChainReport(bool IsIntact, long EntriesChecked, long? FirstBrokenSequence, string? Problem);

/// <summary>
/// Walks the chain in sequence order and reports the first entry that is missing, reordered,
/// inserted or altered (its hash, or its link to the previous hash, does not verify).
/// </summary>
internal sealed class AuditChainVerifier(AuditHasher hasher)
{
    public async Task<AuditChainReport> VerifyAsync(SekretessDbContext db, CancellationToken ct)
    {
        long expected = 1;
        var previous = AuditHasher.GenesisHash;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.Sequence != expected)
                return new(false, expected - 1, expected, $"Post {expected} saknas eller ligger i fel ordning.");
            if (e.PreviousHash != previous)
                return new(false, expected - 1, e.Sequence, "Länken till föregående post stämmer inte.");
            if (hasher.Compute(e) != e.Hash)
                return new(false, expected - 1, e.Sequence, "Postens innehåll har ändrats.");
            previous = e.Hash;
            expected++;
        }

        return new(true, expected - 1, null, null);
    }
}
