using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>
/// Which log entries concern a person (issue 17: registerutdrag and the personnummer search follow the persons an item is
/// about). An entry of a case about the person carries the person's id. An item in someone else's case can name the person
/// too (the mother in her son's case, ItemSubjects): an entry of that case concerns the person when it names the item, or
/// a disclosure of it, among the records it returned or changed (ItemIds) or as its resource.
/// </summary>
/// <param name="CaseIds">The other persons' cases that hold items naming the person.</param>
/// <param name="ItemIds">Those items.</param>
/// <param name="Ids">Those items and their disclosures, as the entries spell ids.</param>
internal sealed record SubjectRecords(Guid PersonId, Guid[] CaseIds, HashSet<Guid> ItemIds, string[] Ids)
{
    /// <summary>
    /// The search's bound on items in other persons' cases (the newest first): each adds one id to match per entry of its
    /// case. A registerutdrag takes them all.
    /// </summary>
    public const int SearchLimit = 500;

    public static async Task<SubjectRecords> FindAsync(SekretessDbContext db, Guid personId, int? limit, CancellationToken ct)
    {
        var query = from s in db.ItemSubjects.AsNoTracking()
                    join i in db.InformationItems.AsNoTracking() on s.ItemId equals i.Id
                    join c in db.Cases.AsNoTracking() on i.CaseId equals c.Id
                    where s.PersonId == personId && c.SubjectPersonId != personId
                    orderby i.CreatedAt descending
                    select new { i.Id, i.CaseId };
        var items = await (limit is { } n ? query.Take(n) : query).ToListAsync(ct);
        if (items.Count == 0) return new SubjectRecords(personId, [], [], []);
        var itemIds = items.Select(i => i.Id).ToList();
        var disclosures = await db.Disclosures.AsNoTracking().Where(d => d.ResourceType == ResourceTypes.Item && itemIds.Contains(d.ResourceId))
            .Select(d => d.Id).ToListAsync(ct);
        return new SubjectRecords(personId, items.Select(i => i.CaseId).Distinct().ToArray(), [.. itemIds],
            itemIds.Concat(disclosures).Select(id => id.ToString()).ToArray());
    }

    /// <summary>
    /// The entries that concern the person. Both branches have an index ending in Sequence ((PersonId, Sequence) and
    /// (CaseId, Sequence)); the ids are only tested on the entries of those few other cases.
    /// </summary>
    public Expression<Func<AuditEntry, bool>> Predicate()
    {
        var (person, cases, ids) = (PersonId, CaseIds, Ids);
        if (cases.Length == 0) return e => e.PersonId == person;
        // Two arrays: one parameter is typed once, as ItemIds' text or as ResourceId's varchar(64), not both.
        var resources = Ids.ToArray();
        return e => e.PersonId == person
                    || (e.CaseId != null && cases.Contains(e.CaseId.Value) && (ids.Any(id => e.ItemIds.Contains(id)) || resources.Contains(e.ResourceId)));
    }

    /// <summary>
    /// The records of an entry that are the person's: every record an entry of the person's own case names, and of another
    /// case's entry only the items that name the person (never the rest of that case: that is someone else's data).
    /// </summary>
    public IEnumerable<Guid> RecordsOf(AuditEntry entry, IEnumerable<Guid> named) =>
        entry.PersonId == PersonId ? named : named.Where(ItemIds.Contains);
}
