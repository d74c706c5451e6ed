using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// The policy information point: loads the attributes a decision needs, fresh for every access (a disabled user or a
/// changed role takes effect on the next request), from ids only. It answers; it never decides. The gateway calls
/// <see cref="ResolveAsync"/> for a request's target; grants use the batch queries for the rows of a case.
/// </summary>
internal sealed partial class AttributeResolver(SekretessDbContext db, TimeProvider clock, Protection.FieldProtector fields)
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
    /// An item or plan entry by (record type, id), with its case, every person it is about and its active shares. No
    /// content is read. Null for an id that is no record of that type (an id of another type never resolves).
    /// </summary>
    public async Task<(CaseAttributes Case, ItemAttributes Record)?> ResolveRecordAsync(RecordRef record, CancellationToken ct)
    {
        var head = record.Type switch
        {
            ResourceTypes.Item => await (from i in db.InformationItems.AsNoTracking()
                                         join a in db.Authorities.AsNoTracking() on i.OwnerAuthorityId equals a.Id
                                         where i.Id == record.Id
                                         select new { i.CaseId, i.OwnerAuthorityId, a.Kind, i.Category }).FirstOrDefaultAsync(ct),
            ResourceTypes.ActionPlan => await (from e in db.ActionPlanEntries.AsNoTracking()
                                               join a in db.Authorities.AsNoTracking() on e.OwnerAuthorityId equals a.Id
                                               where e.Id == record.Id
                                               select new { e.CaseId, e.OwnerAuthorityId, a.Kind, Category = Cases.ItemCategories.ActionPlan }).FirstOrDefaultAsync(ct),
            _ => null,
        };
        if (head is null) return null;
        var c = await ResolveCaseAsync(head.CaseId, ct);
        if (c is null) return null;
        var facts = await ResolveRecordsOfCaseAsync(c, ct);
        return (c, facts.Describe(new ItemAttributes(record.Id, head.OwnerAuthorityId, head.Kind, head.Category) { Type = record.Type }));
    }

    /// <summary>What the policies need about every record of a case besides its own row: its persons and its active shares.</summary>
    public async Task<CaseRecordFacts> ResolveRecordsOfCaseAsync(CaseAttributes c, CancellationToken ct)
    {
        var shareRows = await ResolveShareRowsAsync(c.Id, ct);
        var subjects = await (from s in db.ItemSubjects.AsNoTracking()
                              join i in db.InformationItems.AsNoTracking() on s.ItemId equals i.Id
                              join p in db.Persons.AsNoTracking() on s.PersonId equals p.Id
                              where i.CaseId == c.Id
                              select new { s.ItemId, s.PersonId, Protected = p.Sekretessmarkering || p.SkyddadFolkbokforing }).ToListAsync(ct);
        var byItem = subjects.GroupBy(s => s.ItemId).ToDictionary(g => g.Key,
            g => (Persons: (IReadOnlyList<Guid>)g.Select(s => s.PersonId).Order().ToList(), Protected: g.Any(s => s.Protected)));
        return new CaseRecordFacts(c, shareRows, ActiveShares(shareRows), byItem);
    }

    /// <summary>
    /// Every share in the case that has not ended and is not waiting for a second approver, in decision order, in one
    /// query: whether it is in force (a consent-based share stops the moment any consent it rests on is withdrawn or runs
    /// out) and what the recipient's view shows about it.
    /// </summary>
    public async Task<List<ShareRow>> ResolveShareRowsAsync(Guid caseId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await (from d in db.Disclosures.AsNoTracking()
                      join a in db.Authorities.AsNoTracking() on d.SenderAuthorityId equals a.Id
                      where d.CaseId == caseId && d.EndedAt == null && !d.PendingSecondApproval
                      orderby d.DecidedAt
                      select new ShareRow(d.Id, new RecordRef(d.ResourceType, d.ResourceId), d.RecipientAuthorityId, d.SecondApproverUserId != null,
                          d.IncludesContact,
                          // Two keyed probes rather than one OR: an OR of the two links would make PostgreSQL scan every consent per share.
                          !db.Consents.Any(c => c.Id == d.ConsentId && (c.WithdrawnAt != null || c.ValidTo <= now || c.ValidFrom > now))
                          && !db.DisclosureConsents.Any(dc => dc.DisclosureId == d.Id
                              && db.Consents.Any(c => c.Id == dc.ConsentId && (c.WithdrawnAt != null || c.ValidTo <= now || c.ValidFrom > now))),
                          d.Ground, d.RecipientRegime, a.Name, d.DecidedAt))
            .ToListAsync(ct);
    }

    /// <summary>Who each record is actively disclosed to (shares in force only), by (record type, id).</summary>
    public static Dictionary<RecordRef, ActiveShare> ActiveShares(IEnumerable<ShareRow> rows)
    {
        var result = new Dictionary<RecordRef, ActiveShare>();
        foreach (var r in rows.Where(r => r.InForce))
        {
            if (!result.TryGetValue(r.Record, out var entry)) result[r.Record] = entry = new ActiveShare([], [], []);
            entry.To.Add(r.RecipientAuthorityId);
            if (r.ContactApproved) entry.ContactApproved.Add(r.RecipientAuthorityId);
            if (r.IncludesContact) entry.ContactDisclosed.Add(r.RecipientAuthorityId);
        }

        return result;
    }

    /// <summary>The subject's age today (from the birth date, never from a form) and the number of recorded guardians.</summary>
    public async Task<SubjectAttributes?> ResolveSubjectAsync(Guid personId, CancellationToken ct)
    {
        var p = await db.Persons.AsNoTracking().Where(x => x.Id == personId)
            .Select(x => new { x.PersonalNumberCipher, x.BirthYear, Protected = x.Sekretessmarkering || x.SkyddadFolkbokforing }).FirstOrDefaultAsync(ct);
        if (p is null) return null;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var age = PersonBirth.AgeAt(PersonBirth.Of(fields, p.PersonalNumberCipher, p.BirthYear), today);
        var guardians = age < 18 ? await db.Guardians.CountAsync(g => g.ChildPersonId == personId, ct) : 0;
        return new SubjectAttributes(personId, age, guardians, p.Protected);
    }

    /// <summary>Every consent recorded in the case (including withdrawn ones: the policy decides, not this query).</summary>
    public async Task<List<ConsentAttributes>> ResolveConsentsAsync(Guid caseId, CancellationToken ct) =>
        (await ConsentFacts(db.Consents.Where(c => c.CaseId == caseId).OrderBy(c => c.RecordedAt)).ToListAsync(ct)).Select(ToAttributes).ToList();

    /// <summary>One consent as the PDP sees it (a disclosure or job that names it); null for an unknown id.</summary>
    public async Task<ConsentAttributes?> ResolveConsentAsync(Guid consentId, CancellationToken ct) =>
        await ConsentFacts(db.Consents.Where(c => c.Id == consentId)).FirstOrDefaultAsync(ct) is { } row ? ToAttributes(row) : null;

    /// <summary>
    /// The persons of a case: its own person, every person an item of the case is about and every person who consented
    /// in it. A new item may name only these (or a person created on the form); any other id is refused.
    /// </summary>
    public async Task<HashSet<Guid>> ResolveCasePersonsAsync(CaseAttributes c, CancellationToken ct)
    {
        var items = await (from s in db.ItemSubjects.AsNoTracking()
                           join i in db.InformationItems.AsNoTracking() on s.ItemId equals i.Id
                           where i.CaseId == c.Id
                           select s.PersonId).Distinct().ToListAsync(ct);
        var consenting = await db.Consents.AsNoTracking().Where(x => x.CaseId == c.Id).Select(x => x.SubjectPersonId).Distinct().ToListAsync(ct);
        return [c.SubjectPersonId, .. items, .. consenting];
    }

    private sealed record ConsentRow(Guid Id, Guid SubjectPersonId, List<Guid> Senders, List<Guid> Recipients, List<string> Categories, string Purpose,
        DateTime ValidFrom, DateTime ValidTo, bool Withdrawn, bool GivenBySubject, List<Guid> Guardians, bool CustodyExceptionDocumented, Guid RecordedBy);

    // Only the facts the policies read: never the encrypted texts or the signed form's bytes.
    private static IQueryable<ConsentRow> ConsentFacts(IQueryable<Consents.Consent> consents) =>
        consents.AsNoTracking().Select(c => new ConsentRow(c.Id, c.SubjectPersonId, c.SenderAuthorityIds, c.RecipientAuthorityIds, c.Categories, c.Purpose,
            c.ValidFrom, c.ValidTo, c.WithdrawnAt != null, c.GivenBySubject, c.ConsentingGuardianIds, c.CustodyExceptionCipher != null, c.RecordedByAuthorityId));

    private static ConsentAttributes ToAttributes(ConsentRow c) => new(c.Id, c.SubjectPersonId, c.Senders, c.Recipients, c.Categories, c.Purpose,
        c.ValidFrom, c.ValidTo, c.Withdrawn, c.GivenBySubject, c.Guardians.Count, c.CustodyExceptionDocumented) { RecordedByAuthorityId = c.RecordedBy };
}

/// <summary>One share that has not ended (see <see cref="AttributeResolver.ResolveShareRowsAsync"/>).</summary>
internal sealed record ShareRow(Guid DisclosureId, RecordRef Record, Guid RecipientAuthorityId, bool ContactApproved, bool IncludesContact, bool InForce,
    string Ground, string RecipientRegime, string SenderName, DateTime DecidedAt);

/// <summary>The authorities a record is actively disclosed to, those who got its contact details, and those approved by a second official.</summary>
internal sealed record ActiveShare(List<Guid> To, List<Guid> ContactApproved, List<Guid> ContactDisclosed);

/// <summary>The facts of every record of one case that are not in the record's own row: persons and shares.</summary>
internal sealed record CaseRecordFacts(CaseAttributes Case, IReadOnlyList<ShareRow> ShareRows, IReadOnlyDictionary<RecordRef, ActiveShare> Shares,
    IReadOnlyDictionary<Guid, (IReadOnlyList<Guid> Persons, bool Protected)> Subjects)
{
    /// <summary>Completes a record read from the case's rows with its persons (the case's person if it names none) and shares.</summary>
    public ItemAttributes Describe(ItemAttributes record)
    {
        var (persons, anyProtected) = record.Type == ResourceTypes.Item && Subjects.TryGetValue(record.Id, out var s)
            ? s : ([Case.SubjectPersonId], Case.SubjectProtectedIdentity);
        var described = record with { DataSubjectIds = persons, AnySubjectProtected = anyProtected || Case.SubjectProtectedIdentity };
        return Shares.TryGetValue(record.Ref, out var share)
            ? described with { DisclosedTo = share.To, ContactApprovedFor = share.ContactApproved, ContactDisclosedTo = share.ContactDisclosed }
            : described;
    }
}
