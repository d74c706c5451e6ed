using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// Turns a time into a position in the chain with one probe of the <c>OccurredAt</c> index. Exact because the log's time
/// never goes back along the chain (AuditLog.Chain stamps max(clock, previous stamp); the verifier checks it): the
/// entries at or after a time are exactly those from the first such entry on. Callers narrow a time-bounded query to a
/// sequence range with it, so that an index ending in <c>Sequence</c> (user, person, case, primary key) reads only the
/// window instead of the whole history before it; they keep the time condition as well.
/// </summary>
internal static class AuditTimeline
{
    /// <summary>The sequence of the first entry at or after <paramref name="time"/>; long.MaxValue if there is none.</summary>
    public static async Task<long> FirstAtOrAfterAsync(SekretessDbContext db, DateTime time, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().Where(x => x.OccurredAt >= time)
            .OrderBy(x => x.OccurredAt).ThenBy(x => x.Sequence).Select(x => (long?)x.Sequence).FirstOrDefaultAsync(ct) ?? long.MaxValue;

    /// <summary>The sequence of the last entry before <paramref name="time"/>; 0 if there is none.</summary>
    public static async Task<long> LastBeforeAsync(SekretessDbContext db, DateTime time, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().Where(x => x.OccurredAt < time)
            .OrderByDescending(x => x.OccurredAt).ThenByDescending(x => x.Sequence).Select(x => (long?)x.Sequence).FirstOrDefaultAsync(ct) ?? 0;

    /// <summary>The entries stamped in [<paramref name="start"/>, <paramref name="end"/>) as a half-open sequence range.</summary>
    public static async Task<(long First, long End)> RangeAsync(SekretessDbContext db, DateTime start, DateTime end, CancellationToken ct) =>
        (await FirstAtOrAfterAsync(db, start, ct), await FirstAtOrAfterAsync(db, end, ct));
}
