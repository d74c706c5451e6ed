using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// The policy information point: loads the attributes a decision needs, fresh for every access
/// (a disabled user or a changed role takes effect on the next request). It answers; it never decides.
/// </summary>
internal sealed class AttributeResolver(SekretessDbContext db, TimeProvider clock)
{
    // The two attribute queries every request makes are compiled once per provider (EF's per-query translation and cache lookup
    // showed up at ~8 % of the case overview's CPU in a profile; docs/benchmarks.md).
    private static readonly CompiledPerProvider<Func<SekretessDbContext, string, CancellationToken, Task<Actor?>>> ActorQuery = new(() =>
        EF.CompileAsyncQuery((SekretessDbContext db, string userId, CancellationToken ct) =>
            (from u in db.Users.AsNoTracking()
             join a in db.Authorities.AsNoTracking() on u.AuthorityId equals a.Id
             where u.Id == userId && !u.Disabled
             select new Actor(u.Id, u.AuthorityId, a.Kind, u.Role)).FirstOrDefault()));

    private static readonly CompiledPerProvider<Func<SekretessDbContext, Guid, CancellationToken, Task<CaseAttributes?>>> CaseQuery = new(() =>
        EF.CompileAsyncQuery((SekretessDbContext db, Guid caseId, CancellationToken ct) =>
            (from x in db.Cases.AsNoTracking()
             join p in db.Persons.AsNoTracking() on x.SubjectPersonId equals p.Id
             where x.Id == caseId
             select new CaseAttributes(x.Id, x.Type, x.Status, x.LeadAuthorityId, x.SubjectPersonId, p.Sekretessmarkering || p.SkyddadFolkbokforing,
                 x.Participants.Select(pa => pa.AuthorityId).ToList())).FirstOrDefault()));

    public async Task<Actor> ResolveActorAsync(ProcessContext context, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(context.UserId)) return Actor.Nobody(null);
        return await ActorQuery.For(db)(db, context.UserId, ct) ?? Actor.Nobody(context.UserId);
    }

    public Task<CaseAttributes?> ResolveCaseAsync(Guid caseId, CancellationToken ct) => CaseQuery.For(db)(db, caseId, ct);

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

    /// <summary>
    /// Who each of the given items or plan entries is actively disclosed to. A share resting on a consent ends as soon
    /// as the consent is withdrawn (the withdrawal also marks it ended) or its validity runs out, so expiry needs no job.
    /// </summary>
    public async Task<Dictionary<Guid, (List<Guid> To, List<Guid> ContactApproved)>> ResolveDisclosuresAsync(Guid caseId, CancellationToken ct) =>
        ActiveShares(await ResolveShareRowsAsync(caseId, ct));

    /// <summary>
    /// Every share in the case that has not ended and is not waiting for a second approver, in decision order, in one
    /// query: whether it is in force (a consent-based share stops the moment its consent is withdrawn or runs out) and
    /// what the recipient's view shows about it. The case overview derives both the PIP's shares and "received" from it.
    /// </summary>
    public async Task<List<ShareRow>> ResolveShareRowsAsync(Guid caseId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await (from d in db.Disclosures.AsNoTracking()
                      join a in db.Authorities.AsNoTracking() on d.SenderAuthorityId equals a.Id
                      join c in db.Consents.AsNoTracking() on d.ConsentId equals c.Id into cs
                      from c in cs.DefaultIfEmpty()
                      where d.CaseId == caseId && d.EndedAt == null && !d.PendingSecondApproval
                      orderby d.DecidedAt
                      select new ShareRow(d.ResourceId, d.RecipientAuthorityId, d.SecondApproverUserId != null,
                          d.ConsentId == null || (c.WithdrawnAt == null && c.ValidTo > now && c.ValidFrom <= now),
                          d.Ground, d.RecipientRegime, a.Name, d.DecidedAt))
            .ToListAsync(ct);
    }

    /// <summary>Who each item or plan entry is actively disclosed to (shares in force only).</summary>
    public static Dictionary<Guid, (List<Guid> To, List<Guid> ContactApproved)> ActiveShares(IEnumerable<ShareRow> rows)
    {
        var result = new Dictionary<Guid, (List<Guid> To, List<Guid> ContactApproved)>();
        foreach (var r in rows.Where(r => r.InForce))
        {
            if (!result.TryGetValue(r.ResourceId, out var entry)) result[r.ResourceId] = entry = ([], []);
            entry.To.Add(r.RecipientAuthorityId);
            if (r.ContactApproved) entry.ContactApproved.Add(r.RecipientAuthorityId);
        }

        return result;
    }

    /// <summary>The item with its active disclosures attached.</summary>
    public async Task<ItemAttributes> WithDisclosuresAsync(Guid caseId, ItemAttributes item, CancellationToken ct)
    {
        var shares = await ResolveDisclosuresAsync(caseId, ct);
        return shares.TryGetValue(item.Id, out var s) ? item with { DisclosedTo = s.To, ContactApprovedFor = s.ContactApproved } : item;
    }

    /// <summary>The subject's age today (from the birth date, never from a form) and the number of recorded guardians.</summary>
    public async Task<SubjectAttributes?> ResolveSubjectAsync(Guid personId, CancellationToken ct)
    {
        var p = await db.Persons.AsNoTracking().Where(x => x.Id == personId)
            .Select(x => new { x.BirthDate, Protected = x.Sekretessmarkering || x.SkyddadFolkbokforing }).FirstOrDefaultAsync(ct);
        if (p is null) return null;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var age = today.Year - p.BirthDate.Year - (today < p.BirthDate.AddYears(today.Year - p.BirthDate.Year) ? 1 : 0);
        var guardians = age < 18 ? await db.Guardians.CountAsync(g => g.ChildPersonId == personId, ct) : 0;
        return new SubjectAttributes(personId, age, guardians, p.Protected);
    }

    /// <summary>Every consent recorded in the case (including withdrawn ones: the policy decides, not this query).</summary>
    public async Task<List<ConsentAttributes>> ResolveConsentsAsync(Guid caseId, CancellationToken ct) =>
        (await ConsentFacts(db.Consents.Where(c => c.CaseId == caseId).OrderBy(c => c.RecordedAt)).ToListAsync(ct)).Select(ToAttributes).ToList();

    /// <summary>One consent as the PDP sees it (a disclosure or job that names it); null for an unknown id.</summary>
    public async Task<ConsentAttributes?> ResolveConsentAsync(Guid consentId, CancellationToken ct) =>
        await ConsentFacts(db.Consents.Where(c => c.Id == consentId)).FirstOrDefaultAsync(ct) is { } row ? ToAttributes(row) : null;

    private sealed record ConsentRow(Guid Id, Guid SubjectPersonId, List<Guid> Senders, List<Guid> Recipients, List<string> Categories, string Purpose,
        DateTime ValidFrom, DateTime ValidTo, bool Withdrawn, bool GivenBySubject, List<Guid> Guardians, bool CustodyExceptionDocumented);

    // Only the facts the policies read: never the encrypted texts or the signed form's bytes.
    private static IQueryable<ConsentRow> ConsentFacts(IQueryable<Consents.Consent> consents) =>
        consents.AsNoTracking().Select(c => new ConsentRow(c.Id, c.SubjectPersonId, c.SenderAuthorityIds, c.RecipientAuthorityIds, c.Categories, c.Purpose,
            c.ValidFrom, c.ValidTo, c.WithdrawnAt != null, c.GivenBySubject, c.ConsentingGuardianIds, c.CustodyExceptionCipher != null));

    private static ConsentAttributes ToAttributes(ConsentRow c) => new(c.Id, c.SubjectPersonId, c.Senders, c.Recipients, c.Categories, c.Purpose,
        c.ValidFrom, c.ValidTo, c.Withdrawn, c.GivenBySubject, c.Guardians.Count, c.CustodyExceptionDocumented);

    /// <summary>The case a consent belongs to (IDOR-safe: resolved from the consent id, never taken from a form).</summary>
    public Task<Guid> ResolveConsentCaseAsync(Guid consentId, CancellationToken ct) =>
        db.Consents.AsNoTracking().Where(c => c.Id == consentId).Select(c => c.CaseId).FirstOrDefaultAsync(ct);
}

/// <summary>One share that has not ended (see <see cref="AttributeResolver.ResolveShareRowsAsync"/>).</summary>
internal sealed record ShareRow(Guid ResourceId, Guid RecipientAuthorityId, bool ContactApproved, bool InForce, string Ground, string RecipientRegime,
    string SenderName, DateTime DecidedAt);
