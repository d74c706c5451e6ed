using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// The policy information point: loads the attributes a decision needs, fresh for every access.
/// It answers questions; it never decides.
/// </summary>
internal sealed class AttributeResolver(SekretessDbContext db)
{
    public async Task<Actor> ResolveActorAsync(ProcessContext context, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(context.UserId)) return Actor.Nobody(null);
        var row = await (from u in db.Users.AsNoTracking()
                         join a in db.Authorities.AsNoTracking() on u.AuthorityId equals a.Id
                         where u.Id == context.UserId && !u.Disabled
                         select new { u.Id, u.AuthorityId, a.Kind, u.Role }).FirstOrDefaultAsync(ct);
        return row is null ? Actor.Nobody(context.UserId) : new Actor(row.Id, row.AuthorityId, row.Kind, row.Role);
    }

    public async Task<CaseAttributes?> ResolveCaseAsync(Guid caseId, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking()
            .Where(x => x.Id == caseId)
            .Select(x => new { x.Id, x.Type, x.Status, x.LeadAuthorityId, x.SubjectPersonId, Participants = x.Participants.Select(p => p.AuthorityId).ToList() })
            .FirstOrDefaultAsync(ct);
        return c is null ? null : new CaseAttributes(c.Id, c.Type, c.Status, c.LeadAuthorityId, c.SubjectPersonId, c.Participants);
    }
}
