using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>
/// Case reads. Every case, item and action-plan entry returned was permitted by the PDP inside one grant and is named in
/// its entry; what another authority disclosed is shown exactly as the disclosure's content (<see cref="DisclosedContent"/>).
/// </summary>
public sealed partial class CaseReads
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly FieldProtector _fields;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    internal CaseReads(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, FieldProtector fields, Notifier notifier, TimeProvider clock)
    {
        _notifier = notifier;
        _clock = clock;
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _fields = fields;
    }

    /// <summary>"Mina ärenden": cases the caller's authority takes part in, each one permitted by the PDP.</summary>
    public async Task<IReadOnlyList<CaseListEntry>> ListMyCasesAsync(ProcessContext context, CancellationToken ct)
    {
        var request = AccessRequest.Read(context, Actions.CaseRead, new AccessTarget.Rows(ResourceTypes.Case)) with { AuditAction = "case.list" };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.ReadAsync(async () =>
        {
            var authority = grant.Actor.AuthorityId;
            // Pre-filter in SQL by participation (cheap); then every candidate is decided by the same rule as a single read.
            var candidates = await (from c in _db.Cases.AsNoTracking()
                                    join a in _db.Authorities.AsNoTracking() on c.LeadAuthorityId equals a.Id
                                    join p in _db.Persons.AsNoTracking() on c.SubjectPersonId equals p.Id
                                    where c.Participants.Any(x => x.AuthorityId == authority)
                                    orderby c.Reference
                                    select new
                                    {
                                        c.Id, c.Reference, c.Type, c.Status, c.LeadAuthorityId, c.SubjectPersonId, LeadName = a.Name, c.CreatedAt,
                                        Protected = p.Sekretessmarkering || p.SkyddadFolkbokforing,
                                        Participants = c.Participants.Select(x => x.AuthorityId).ToList(),
                                    }).ToListAsync(ct);
            var visible = new List<CaseListEntry>();
            foreach (var c in candidates)
            {
                var attributes = new CaseAttributes(c.Id, c.Type, c.Status, c.LeadAuthorityId, c.SubjectPersonId, c.Protected, c.Participants);
                if (grant.DecideRow(Actions.CaseRead, r => r.DescribeCase(attributes).Set(PolicyAttributes.ResourceType, ResourceTypes.Case)) is null) continue;
                visible.Add(new CaseListEntry(c.Id, c.Reference, c.Type, c.Status, c.LeadName, c.CreatedAt));
            }

            grant.Touch(visible.Select(v => v.Id));
            return (IReadOnlyList<CaseListEntry>)visible;
        }, ct);
    }

    /// <summary>One case with what the caller may see. Not found and not permitted look the same (404).</summary>
    public async Task<CaseDetails> GetCaseAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.CaseRead, new AccessTarget.Case(caseId)), ct);
        return await grant.ReadAsync(async () =>
        {
            var (actor, c) = (grant.Actor, grant.Case);
            // The case frame, its participants' names, its named members and the caller's break-the-glass session in one round trip.
            // Expiry is the policy's business (context.now < breakGlass.expiresAt); the query only finds the caller's unstopped session.
            var now = _clock.GetUtcNow().UtcDateTime;
            var head = await (from x in _db.Cases.AsNoTracking()
                              join a in _db.Authorities.AsNoTracking() on x.LeadAuthorityId equals a.Id
                              join p in _db.Persons.AsNoTracking() on x.SubjectPersonId equals p.Id
                              where x.Id == caseId
                              select new
                              {
                                  x.Reference, x.Type, x.Status, LeadName = a.Name, p.NameCipher, p.PersonalNumberCipher, p.IsTestData,
                                  // Collections correlated with x.Id, and a list rather than FirstOrDefault: EF joins those; the
                                  // other shapes need APPLY, which SQLite lacks (SqliteWorkspaceTests).
                                  Participants = (from cp in _db.CaseParticipants
                                                  join pa in _db.Authorities on cp.AuthorityId equals pa.Id
                                                  where cp.CaseId == x.Id
                                                  select new Authorities.AuthorityView(pa.Id, pa.Code, pa.Name, pa.Kind)).ToList(),
                                  Members = (from m in _db.CaseMembers
                                             join u in _db.Users on m.UserId equals u.Id
                                             join ma in _db.Authorities on u.AuthorityId equals ma.Id
                                             where m.CaseId == x.Id
                                             select new { u.DisplayName, AuthorityName = ma.Name, m.CaseRole }).ToList(),
                                  Glass = _db.BreakGlassSessions
                                      .Where(s => s.CaseId == x.Id && s.UserId == actor.UserId && s.EndedAt == null && s.ExpiresAt > now)
                                      .Select(s => new ActiveBreakGlass(s.Id, s.ExpiresAt)).ToList(),
                              })
                .AsSingleQuery().SingleAsync(ct);
            var participants = head.Participants.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
            var members = head.Members.OrderBy(m => m.AuthorityName, StringComparer.Ordinal).ThenBy(m => m.DisplayName, StringComparer.Ordinal)
                .Select(m => new CaseMemberView(m.DisplayName, m.AuthorityName, m.CaseRole)).ToList();

            var records = await _resolver.ResolveRecordsOfCaseAsync(c, ct);
            var received = await ReceivedAsync(actor, records.ShareRows, ct);
            var glass = head.Glass.MaxBy(g => g.ExpiresAt);
            var (items, hidden) = await ReadItemsAsync(grant, records, received, glass, ct);
            var plan = await ReadActionPlanAsync(grant, records, received, ct);
            var subjectName = _fields.Unprotect(head.NameCipher);
            var (namedItems, persons) = await NameOwnItemsSubjectsAsync(grant, records, items, subjectName, ct);
            // INVARIANT: the entry names exactly the items and plan entries returned (the grant writes it before returning).
            grant.Touch(items.Select(i => i.Id).Concat(plan.Select(p => p.Id)));
            return new CaseDetails(caseId, head.Reference, head.Type, head.Status, head.LeadName,
                subjectName, _fields.Unprotect(head.PersonalNumberCipher), head.IsTestData, c.SubjectProtectedIdentity,
                participants, members, namedItems, hidden, plan, Capabilities(grant))
            {
                Persons = persons,
                BreakGlassUntil = glass?.ExpiresAt,
                MayBreakGlass = glass is null && grant.Would(Actions.BreakglassStart, r => r.Set(PolicyAttributes.ResourceType, ResourceTypes.BreakGlass)
                    .Set(PolicyAttributes.ContextAcuteDanger, true).Set(PolicyAttributes.BreakGlassReasonProvided, true), ObligationProfile.NotifyingWrite),
                // From the frame's participants (ids from the PIP's case attributes), not another round trip.
                RemovableParticipants = grant.Would(Actions.CaseParticipantRemove, r => r.Set(PolicyAttributes.ResourceType, ResourceTypes.Case))
                    ? head.Participants.Where(a => c.ParticipantAuthorityIds.Contains(a.Id) && a.Id != c.LeadAuthorityId)
                        .OrderBy(a => a.Name, StringComparer.Ordinal).ToList()
                    : [],
            };
        }, ct);
    }

    /// <summary>
    /// Only the action plan of a case (the API's read): the case must be readable, and each entry is decided on its own.
    /// The audit entry names exactly the entries returned; nothing else of the case is read or returned.
    /// </summary>
    public async Task<CaseActionPlan> GetActionPlanAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.CaseRead, new AccessTarget.Case(caseId)), ct);
        return await grant.ReadAsync(async () =>
        {
            var reference = await _db.Cases.AsNoTracking().Where(x => x.Id == caseId).Select(x => x.Reference).SingleAsync(ct);
            var records = await _resolver.ResolveRecordsOfCaseAsync(grant.Case, ct);
            var plan = await ReadActionPlanAsync(grant, records, await ReceivedAsync(grant.Actor, records.ShareRows, ct), ct);
            grant.Draft = grant.Draft with { ResourceType = ResourceTypes.ActionPlan };
            grant.Touch(plan.Select(p => p.Id));
            return new CaseActionPlan(caseId, reference, grant.Case.Status, plan);
        }, ct);
    }

    /// <summary>An item for its owner to edit: decided as a read (audited) and as an update; the read's redactions hold.</summary>
    public async Task<ItemForEdit> GetItemForEditAsync(ProcessContext context, Guid itemId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.ItemRead, new AccessTarget.Record(RecordRef.Item(itemId))), ct);
        await grant.RequireAsync(Actions.ItemUpdate, r => r.DescribeItem(grant.Case, grant.Record), ObligationProfile.Write, null, ct);
        return await grant.ReadAsync(async () =>
        {
            // Content is read only after both decisions permitted it, and returned only after the entry is durable.
            var item = await ItemQuery(i => i.Id == itemId).SingleAsync(ct);
            var reference = await _db.Cases.AsNoTracking().Where(x => x.Id == grant.Case.Id).Select(x => x.Reference).SingleAsync(ct);
            var redacted = grant.Duties.Redactions.Contact || grant.Duties.Redactions.Location;
            return new ItemForEdit(item.Id, grant.Case.Id, reference, item.Category, _fields.Unprotect(item.TitleCipher), _fields.Unprotect(item.TextCipher),
                item.ContactCipher is null || redacted ? null : _fields.Unprotect(item.ContactCipher), item.ConcurrencyStamp,
                ContactHidden: item.ContactCipher is not null && redacted);
        }, ct);
    }

    private sealed record ItemRow(Guid Id, Guid CaseId, Guid OwnerAuthorityId, string OwnerName, string OwnerKind, string Category,
        string TitleCipher, string TextCipher, string? ContactCipher, DateTime CreatedAt, DateTime? UpdatedAt, Guid ConcurrencyStamp);

    // The filter applies before the projection: EF cannot translate a Where on a constructed record.
    private IQueryable<ItemRow> ItemQuery(Expression<Func<InformationItem, bool>> filter) =>
        from i in _db.InformationItems.AsNoTracking().Where(filter)
        join a in _db.Authorities.AsNoTracking() on i.OwnerAuthorityId equals a.Id
        orderby i.CreatedAt
        select new ItemRow(i.Id, i.CaseId, i.OwnerAuthorityId, a.Name, a.Kind, i.Category, i.TitleCipher, i.TextCipher, i.ContactCipher,
            i.CreatedAt, i.UpdatedAt, i.ConcurrencyStamp);

    private sealed record ActiveBreakGlass(Guid Id, DateTime ExpiresAt);

    /// <summary>
    /// The owner's items show whom they are about, and the item form offers those persons again; names are decrypted for
    /// the caller's own items only, so a person named only in another authority's item stays unknown here.
    /// </summary>
    private async Task<(List<ItemView> Items, List<PersonOption> Persons)> NameOwnItemsSubjectsAsync(AccessGateway.Grant grant, CaseRecordFacts records,
        List<ItemView> items, string subjectName, CancellationToken ct)
    {
        var c = grant.Case;
        var own = items.Where(i => i.OwnerAuthorityId == grant.Actor.AuthorityId && i.Received is null).ToList();
        var ids = own.SelectMany(i => records.Subjects.TryGetValue(i.Id, out var s) ? s.Persons : []).Append(c.SubjectPersonId).Distinct().ToList();
        var others = ids.Where(p => p != c.SubjectPersonId).ToList();
        // Usually the case's person alone, whose name the frame has already decrypted: no query, no decryption.
        var names = others.Count == 0 ? [] : (await _db.Persons.AsNoTracking().Where(p => others.Contains(p.Id)).Select(p => new { p.Id, p.NameCipher }).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => _fields.Unprotect(p.NameCipher));
        names[c.SubjectPersonId] = subjectName;
        var named = items.Select(i => own.Contains(i) && records.Subjects.TryGetValue(i.Id, out var s)
            ? i with { Subjects = s.Persons.Select(p => names.GetValueOrDefault(p, "")).Where(n => n.Length > 0).ToList() }
            : i).ToList();
        var persons = ids.Where(names.ContainsKey).Select(p => new PersonOption(p, names[p], p == c.SubjectPersonId))
            .OrderBy(p => p.IsCaseSubject ? 0 : 1).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        return (named, persons);
    }

    private static CaseCapabilities Capabilities(AccessGateway.Grant grant)
    {
        var actor = grant.Actor;
        var own = actor.AuthorityId.ToString();
        var categories = ItemCategories.ForOwnerKind(actor.AuthorityKind)
            .Where(cat => grant.Would(Actions.ItemCreate, r => r.Set(PolicyAttributes.ResourceType, ResourceTypes.Item)
                .Set(PolicyAttributes.ResourceOwnerAuthorityId, own).Set(PolicyAttributes.ResourceOwnerAuthorityKind, actor.AuthorityKind)
                .Set(PolicyAttributes.ResourceCategory, cat.Code)))
            .ToList();
        bool Can(PolicyAction action, string type) => grant.Would(action, r => r.Set(PolicyAttributes.ResourceType, type)
            .Set(PolicyAttributes.ResourceOwnerAuthorityId, own).Set(PolicyAttributes.ResourceOwnerAuthorityKind, actor.AuthorityKind)
            .Set(PolicyAttributes.ResourceCategory, ItemCategories.ActionPlan));
        return new CaseCapabilities(categories, Can(Actions.ActionplanCreate, ResourceTypes.ActionPlan), Can(Actions.CaseClose, ResourceTypes.Case),
            Can(Actions.CaseReopen, ResourceTypes.Case), actor.AuthorityId);
    }
}
