using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>Log entries joined with display names (user, authority, case reference) and flags: metadata only.</summary>
internal static class LogRows
{
    internal sealed record RawRow(long Sequence, DateTime OccurredAt, string? ActorUserId, string? ActorName, string? ActorUnit, string? AuthorityName,
        string ActorRole, string Action, string ResourceType, string? ResourceId, Guid? CaseId, string? CaseReference, Guid? PersonId,
        string Decision, string RuleIds, string? LegalGround, string? Purpose, bool Flagged, string? Client);

    public static IQueryable<RawRow> Project(SekretessDbContext db, IQueryable<AuditEntry> entries, bool withFlag = false) =>
        from e in entries
        join u in db.Users on e.ActorUserId equals u.Id into us
        from u in us.DefaultIfEmpty()
        join a in db.Authorities on e.ActorAuthorityId equals a.Id into aus
        from a in aus.DefaultIfEmpty()
        join c in db.Cases on e.CaseId equals c.Id into cs
        from c in cs.DefaultIfEmpty()
        select new RawRow(e.Sequence, e.OccurredAt, e.ActorUserId, u.DisplayName, u.Unit, a.Name, e.ActorRole, e.Action, e.ResourceType, e.ResourceId,
            e.CaseId, c.Reference, e.PersonId, e.Decision, e.RuleIds, e.LegalGround, e.Purpose,
            withFlag && db.AuditFlags.Any(f => f.Sequence == e.Sequence), e.Client);

    public static async Task<List<AuditSearchRow>> WithFlagsAsync(SekretessDbContext db, IReadOnlyList<RawRow> rows, CancellationToken ct)
    {
        var sequences = rows.Select(r => r.Sequence).ToList();
        var flags = (await db.AuditFlags.AsNoTracking().Where(f => sequences.Contains(f.Sequence)).Select(f => new { f.Sequence, f.RuleId }).ToListAsync(ct))
            .ToLookup(f => f.Sequence, f => f.RuleId);
        return rows.Select(r => new AuditSearchRow(r.Sequence, r.OccurredAt, r.ActorUserId, r.ActorName, r.ActorUnit, r.AuthorityName, r.ActorRole, r.Action,
            r.ResourceType, r.ResourceId, r.CaseId, r.CaseReference, r.PersonId, r.Decision, r.RuleIds, r.LegalGround, r.Purpose,
            flags[r.Sequence].Order(StringComparer.Ordinal).ToList()) { Client = r.Client }).ToList();
    }

    /// <summary>The given entries (in scope already), with names and flags, by sequence.</summary>
    public static async Task<Dictionary<long, AuditSearchRow>> BySequenceAsync(SekretessDbContext db, IReadOnlyCollection<long> sequences, CancellationToken ct)
    {
        var list = sequences.ToList();
        var raw = await Project(db, db.AuditEntries.AsNoTracking().Where(e => list.Contains(e.Sequence))).ToListAsync(ct);
        return (await WithFlagsAsync(db, raw, ct)).ToDictionary(r => r.Sequence);
    }
}
