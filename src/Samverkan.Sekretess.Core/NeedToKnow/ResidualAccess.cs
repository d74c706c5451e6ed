using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.NeedToKnow;

/// <summary>One share that is still in force: who has it, on what ground, since when and until when at the latest.</summary>
/// <param name="Overdue">Its basis has gone (case closed, recipient left, consent ended) but the job has not ended it yet.</param>
public sealed record ResidualShare(Guid DisclosureId, Guid CaseId, string CaseReference, string CaseStatus, string OtherAuthority, string Category,
    string Ground, DateTime Since, DateTime? ConsentValidTo, bool Overdue);

/// <summary>Another authority taking part in a case where ours holds information: it sees the case frame and what is shared with it.</summary>
public sealed record ResidualParticipation(Guid CaseId, string CaseReference, string CaseStatus, IReadOnlyList<string> OtherAuthorities);

/// <summary>A break-the-glass session still running in a case where our authority takes part.</summary>
public sealed record ResidualBreakGlass(Guid SessionId, Guid CaseId, string CaseReference, string Authority, DateTime StartedAt, DateTime ExpiresAt);

/// <summary>The DPO's "kvarvarande åtkomst" report: metadata only — case references, authorities, categories, grounds and dates.</summary>
public sealed record ResidualAccessReport(DateTime GeneratedAt, string Authority, IReadOnlyList<ResidualShare> SharedByUs, IReadOnlyList<ResidualShare> SharedWithUs,
    IReadOnlyList<ResidualParticipation> Participation, IReadOnlyList<ResidualBreakGlass> BreakGlass);

/// <summary>
/// Who still has access to what of our authority's information, and why (issue: end of need-to-know). For the DPO of
/// the authority only (RES-R-001), audited as a read. Shares whose basis has gone but which the minute job has not
/// ended yet are marked, so the report also shows whether the automatic ending keeps up.
/// </summary>
public sealed class ResidualAccess
{
    private const int MaxRows = 500;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly TimeProvider _clock;

    internal ResidualAccess(SekretessDbContext db, AccessGateway gateway, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _clock = clock;
    }

    public async Task<ResidualAccessReport> ReportAsync(ProcessContext context, CancellationToken ct)
    {
        var request = AccessRequest.Read(context, Actions.AccessResidual, new AccessTarget.OwnAuthority(ResourceTypes.AccessReport));
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.ReadAsync(async () =>
        {
            var us = grant.Actor.AuthorityId;
            var now = _clock.GetUtcNow().UtcDateTime;
            var names = await _db.Authorities.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, ct);
            var sharedByUs = await SharesAsync(d => d.SenderAuthorityId == us, d => d.RecipientAuthorityId, names, now, ct);
            var sharedWithUs = await SharesAsync(d => d.RecipientAuthorityId == us, d => d.SenderAuthorityId, names, now, ct);

            var ourCases = _db.InformationItems.AsNoTracking().Where(i => i.OwnerAuthorityId == us).Select(i => i.CaseId)
                .Union(_db.ActionPlanEntries.AsNoTracking().Where(e => e.OwnerAuthorityId == us).Select(e => e.CaseId));
            var participation = (await _db.Cases.AsNoTracking()
                    .Where(c => c.Status != CaseStatuses.Archived && ourCases.Contains(c.Id) && c.Participants.Any(p => p.AuthorityId != us))
                    .OrderBy(c => c.Reference).Take(MaxRows)
                    .Select(c => new { c.Id, c.Reference, c.Status, Others = c.Participants.Where(p => p.AuthorityId != us).Select(p => p.AuthorityId).ToList() })
                    .ToListAsync(ct))
                .Select(c => new ResidualParticipation(c.Id, c.Reference, c.Status, c.Others.Select(a => names.GetValueOrDefault(a, "?")).Order(StringComparer.Ordinal).ToList()))
                .ToList();

            var breakGlass = (await (from s in _db.BreakGlassSessions.AsNoTracking()
                                     join c in _db.Cases.AsNoTracking() on s.CaseId equals c.Id
                                     where s.EndedAt == null && s.ExpiresAt > now && c.Participants.Any(p => p.AuthorityId == us)
                                     orderby s.StartedAt
                                     select new { s.Id, s.CaseId, c.Reference, s.AuthorityId, s.StartedAt, s.ExpiresAt }).Take(MaxRows).ToListAsync(ct))
                .Select(s => new ResidualBreakGlass(s.Id, s.CaseId, s.Reference, names.GetValueOrDefault(s.AuthorityId, "?"), s.StartedAt, s.ExpiresAt))
                .ToList();

            grant.Draft = grant.Draft with { ResourceId = "rows:" + (sharedByUs.Count + sharedWithUs.Count + participation.Count + breakGlass.Count) };
            return new ResidualAccessReport(now, names.GetValueOrDefault(us, "?"), sharedByUs, sharedWithUs, participation, breakGlass);
        }, ct);
    }

    private async Task<List<ResidualShare>> SharesAsync(System.Linq.Expressions.Expression<Func<Disclosures.Disclosure, bool>> side,
        Func<Disclosures.Disclosure, Guid> other, Dictionary<Guid, string> names, DateTime now, CancellationToken ct)
    {
        var rows = await (from d in _db.Disclosures.AsNoTracking().Where(side)
                          join c in _db.Cases.AsNoTracking() on d.CaseId equals c.Id
                          join k in _db.Consents.AsNoTracking() on d.ConsentId equals (Guid?)k.Id into consents
                          from k in consents.DefaultIfEmpty()
                          where d.EndedAt == null && !d.PendingSecondApproval
                          orderby c.Reference, d.DecidedAt
                          select new
                          {
                              Share = d, c.Reference, c.Status,
                              RecipientLeft = !c.Participants.Any(p => p.AuthorityId == d.RecipientAuthorityId),
                              ValidTo = k == null ? (DateTime?)null : k.ValidTo,
                              Withdrawn = k != null && k.WithdrawnAt != null,
                          }).Take(MaxRows).ToListAsync(ct);
        return rows.Select(r => new ResidualShare(r.Share.Id, r.Share.CaseId, r.Reference, r.Status, names.GetValueOrDefault(other(r.Share), "?"),
                r.Share.Category, r.Share.Ground, r.Share.DecidedAt, r.ValidTo,
                Overdue: r.Status != CaseStatuses.Open || r.RecipientLeft || r.Withdrawn || (r.ValidTo is { } to && to <= now)))
            .ToList();
    }
}
