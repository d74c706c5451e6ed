using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// The policy information point: loads the attributes a decision needs, fresh for every access
/// (a disabled user or a changed role takes effect on the next request). It answers; it never decides.
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
        var c = await (from x in db.Cases.AsNoTracking()
                       join p in db.Persons.AsNoTracking() on x.SubjectPersonId equals p.Id
                       where x.Id == caseId
                       select new
                       {
                           x.Id, x.Type, x.Status, x.LeadAuthorityId, x.SubjectPersonId,
                           Protected = p.Sekretessmarkering || p.SkyddadFolkbokforing,
                           Participants = x.Participants.Select(pa => pa.AuthorityId).ToList(),
                       }).FirstOrDefaultAsync(ct);
        return c is null ? null : new CaseAttributes(c.Id, c.Type, c.Status, c.LeadAuthorityId, c.SubjectPersonId, c.Protected, c.Participants);
    }

    /// <summary>
    /// The attributes of an information item and its case, for routes that carry only the item id
    /// (IDOR-safe: resolved, never trusted). No content is read before the decision.
    /// </summary>
    public async Task<(Guid CaseId, ItemAttributes Item)?> ResolveItemAsync(Guid itemId, CancellationToken ct)
    {
        var row = await (from i in db.InformationItems.AsNoTracking()
                         join a in db.Authorities.AsNoTracking() on i.OwnerAuthorityId equals a.Id
                         where i.Id == itemId
                         select new { i.CaseId, i.OwnerAuthorityId, a.Kind, i.Category }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.CaseId, new ItemAttributes(itemId, row.OwnerAuthorityId, row.Kind, row.Category));
    }

    /// <summary>The same for an action-plan entry (category AP).</summary>
    public async Task<(Guid CaseId, ItemAttributes Entry)?> ResolveActionPlanEntryAsync(Guid entryId, CancellationToken ct)
    {
        var row = await (from e in db.ActionPlanEntries.AsNoTracking()
                         join a in db.Authorities.AsNoTracking() on e.OwnerAuthorityId equals a.Id
                         where e.Id == entryId
                         select new { e.CaseId, e.OwnerAuthorityId, a.Kind }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.CaseId, new ItemAttributes(entryId, row.OwnerAuthorityId, row.Kind, Cases.ItemCategories.ActionPlan));
    }
}
