using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>Case reads. Every case, item and action-plan entry returned was permitted by the PDP and is named in the audit entry.</summary>
public sealed class CaseReads
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly CaseAccess _access;
    private readonly FieldProtector _fields;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    internal CaseReads(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, CaseAccess access, FieldProtector fields, Notifier notifier, TimeProvider clock)
    {
        _notifier = notifier;
        _clock = clock;
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _access = access;
        _fields = fields;
    }

    /// <summary>"Mina ärenden": cases the caller's authority takes part in, each one permitted by the PDP.</summary>
    public async Task<IReadOnlyList<CaseListEntry>> ListMyCasesAsync(ProcessContext context, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        if (!actor.IsKnown) throw await _gateway.DenyAsync(actor, context, new AuditDraft("case.list", "case"), null, ct);
        await using var tx = await _gateway.BeginReadAsync(ct);
        // Pre-filter in SQL by participation (cheap); then every candidate is decided by the same rule as a single read.
        var candidates = await (from c in _db.Cases.AsNoTracking()
                                join a in _db.Authorities.AsNoTracking() on c.LeadAuthorityId equals a.Id
                                join p in _db.Persons.AsNoTracking() on c.SubjectPersonId equals p.Id
                                where c.Participants.Any(x => x.AuthorityId == actor.AuthorityId)
                                orderby c.Reference
                                select new
                                {
                                    c.Id, c.Reference, c.Type, c.Status, c.LeadAuthorityId, c.SubjectPersonId, LeadName = a.Name, c.CreatedAt,
                                    Protected = p.Sekretessmarkering || p.SkyddadFolkbokforing,
                                    Participants = c.Participants.Select(x => x.AuthorityId).ToList(),
                                }).ToListAsync(ct);

        var visible = new List<CaseListEntry>();
        var rules = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            var attributes = new CaseAttributes(c.Id, c.Type, c.Status, c.LeadAuthorityId, c.SubjectPersonId, c.Protected, c.Participants);
            var decision = _gateway.Decide(_gateway.NewRequest(actor, context, "case.read").DescribeCase(attributes).Set("resource.type", "case"));
            if (!decision.IsPermit) continue;
            rules.UnionWith(decision.RuleIds);
            visible.Add(new CaseListEntry(c.Id, c.Reference, c.Type, c.Status, c.LeadName, c.CreatedAt));
        }

        await tx.CommitAsync(ct);
        // Group commit: the list is returned only after its audit entry is durably committed.
        await _gateway.AuditListReadAsync(actor, context,
            new AuditDraft("case.list", "case", RelatedIds: visible.Select(v => v.Id).ToList(), ResourceAuthorityId: actor.AuthorityId),
            rules.ToList(), ct);
        return visible;
    }

    /// <summary>One case with what the caller may see. Not found and not permitted look the same (404).</summary>
    public async Task<CaseDetails> GetCaseAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginReadAsync(ct);
        var grant = await _access.AuthorizeAsync(context, caseId, "case.read", "case", null, ct);
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

        // One query for the shares: the PIP's (in force) and how items reached the caller's authority.
        var shareRows = await _resolver.ResolveShareRowsAsync(c.Id, ct);
        var shares = AttributeResolver.ActiveShares(shareRows);
        var received = Received(actor, shareRows);
        var glass = head.Glass.MaxBy(g => g.ExpiresAt);
        var elevatedReads = new List<(Guid Item, Policy.Decision Decision)>();
        var (items, hidden) = await ReadItemsAsync(actor, context, c, shares, received, glass, elevatedReads, ct);
        var plan = await ReadActionPlanAsync(actor, context, c, shares, received, ct);
        var capabilities = Capabilities(actor, context, c);

        await _db.SaveChangesAsync(ct); // notices owed under nödåtkomst commit with the read
        await tx.CommitAsync(ct);
        // INVARIANT: the entry names exactly the items and plan entries returned, and is durably committed
        // (group commit) before anything is returned; if it cannot be written, the caller gets an error, not data.
        await _gateway.AuditReadAsync(actor, context,
            grant.Draft with { RelatedIds = items.Select(i => i.Id).Concat(plan.Select(p => p.Id)).ToList() }, grant.Decision, ct);
        // Reads under nödåtkomst get their own entry with the BTG rule and ground NÖD, so the review finds every one.
        if (elevatedReads.Count > 0)
            await _gateway.AuditReadAsync(actor, context, grant.Draft with { Action = "item.read", ResourceType = "item", RelatedIds = elevatedReads.Select(e => e.Item).ToList() },
                elevatedReads[^1].Decision, ct);
        return new CaseDetails(caseId, head.Reference, head.Type, head.Status, head.LeadName,
            _fields.Unprotect(head.NameCipher), _fields.Unprotect(head.PersonalNumberCipher), head.IsTestData, c.SubjectProtectedIdentity,
            participants, members, items, hidden, plan, capabilities)
        {
            BreakGlassUntil = glass?.ExpiresAt,
            MayBreakGlass = glass is null && _access.Would(actor, context, c, "breakglass.start", r => r.Set("resource.type", "break_glass")
                .Set("context.acuteDanger", true).Set("breakGlass.reasonProvided", true)),
            // From the frame's participants (ids from the PIP's case attributes), not another round trip.
            RemovableParticipants = _access.Would(actor, context, c, "case.participant.remove", r => r.Set("resource.type", "case"))
                ? head.Participants.Where(a => c.ParticipantAuthorityIds.Contains(a.Id) && a.Id != c.LeadAuthorityId)
                    .OrderBy(a => a.Name, StringComparer.Ordinal).ToList()
                : [],
        };
    }

    /// <summary>
    /// Only the action plan of a case (the API's read): the case must be readable, and each entry is decided on its own.
    /// The audit entry names exactly the entries returned; nothing else of the case is read or returned.
    /// </summary>
    public async Task<CaseActionPlan> GetActionPlanAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginReadAsync(ct);
        var grant = await _access.AuthorizeAsync(context, caseId, "case.read", "case", null, ct);
        var reference = await _db.Cases.AsNoTracking().Where(x => x.Id == caseId).Select(x => x.Reference).SingleAsync(ct);
        var shareRows = await _resolver.ResolveShareRowsAsync(caseId, ct);
        var plan = await ReadActionPlanAsync(grant.Actor, context, grant.Case, AttributeResolver.ActiveShares(shareRows), Received(grant.Actor, shareRows), ct);
        await tx.CommitAsync(ct);
        await _gateway.AuditReadAsync(grant.Actor, context, grant.Draft with { ResourceType = "action_plan", RelatedIds = plan.Select(p => p.Id).ToList() },
            grant.Decision, ct);
        return new CaseActionPlan(caseId, reference, grant.Case.Status, plan);
    }

    /// <summary>An item for its owner to edit: decided as a read (audited) and as an update.</summary>
    public async Task<ItemForEdit> GetItemForEditAsync(ProcessContext context, Guid itemId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginReadAsync(ct);
        var resolved = await _resolver.ResolveItemAsync(itemId, ct);
        var grant = await _access.AuthorizeAsync(context, resolved?.CaseId ?? Guid.Empty, "item.read", "item",
            (r, c, _) => r.DescribeItem(c, resolved!.Value.Item), ct);
        var attributes = resolved!.Value.Item;
        if (!_access.Would(grant.Actor, context, grant.Case, "item.update", r => r.DescribeItem(grant.Case, attributes)))
            throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft with { Action = "item.update", ResourceType = "item", ResourceId = itemId.ToString() }, null, ct);

        // Content is read only after both decisions permitted it, and returned only after the entry is durable.
        var item = await ItemQuery(i => i.Id == itemId).SingleAsync(ct);
        var reference = await _db.Cases.AsNoTracking().Where(x => x.Id == grant.Case.Id).Select(x => x.Reference).SingleAsync(ct);
        await tx.CommitAsync(ct);
        await _gateway.AuditReadAsync(grant.Actor, context, grant.Draft with { ResourceType = "item", ResourceId = itemId.ToString(), RelatedIds = [itemId] }, grant.Decision, ct);
        return new ItemForEdit(item.Id, grant.Case.Id, reference, item.Category, _fields.Unprotect(item.TitleCipher), _fields.Unprotect(item.TextCipher),
            item.ContactCipher is null ? null : _fields.Unprotect(item.ContactCipher), item.ConcurrencyStamp);
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

    private async Task<(List<ItemView> Visible, int Hidden)> ReadItemsAsync(Actor actor, ProcessContext context, CaseAttributes c,
        Dictionary<Guid, (List<Guid> To, List<Guid> ContactApproved)> shares, Dictionary<Guid, ReceivedVia> received, ActiveBreakGlass? glass,
        List<(Guid Item, Policy.Decision Decision)> elevatedReads, CancellationToken ct)
    {
        var rows = await ItemQuery(i => i.CaseId == c.Id).ToListAsync(ct);
        var visible = new List<ItemView>();
        var hidden = 0;
        foreach (var i in rows)
        {
            var attributes = WithShares(new ItemAttributes(i.Id, i.OwnerAuthorityId, i.OwnerKind, i.Category), shares);
            var request = _gateway.NewRequest(actor, context, "item.read").DescribeItem(c, attributes).ForReader(attributes, actor);
            if (glass is not null)
            {
                request.Set("breakGlass.active", true).Set("breakGlass.reasonProvided", true).Set("context.acuteDanger", true)
                    .Set("breakGlass.expiresAt", new DateTimeOffset(DateTime.SpecifyKind(glass.ExpiresAt, DateTimeKind.Utc)));
            }

            var decision = _gateway.Decide(request);
            var redactions = decision.IsPermit ? ObligationEnforcer.ForRead(decision) : null;
            if (decision.IsPermit && redactions is null && glass is not null && ObligationEnforcer.ForBreakGlassRead(decision) is { } elevated)
            {
                redactions = elevated.Redactions;
                elevatedReads.Add((i.Id, decision));
                if (elevated.NotifyOwner)
                    await _notifier.ToAuthorityAsync(i.OwnerAuthorityId, NotificationKinds.BreakGlass, c.Id, glass.Id, $"breakglass:{glass.Id}:{i.OwnerAuthorityId}", ct);
                if (elevated.NotifyDpo)
                    await _notifier.ToDpoAsync(actor.AuthorityId, NotificationKinds.ReviewTask, c.Id, glass.Id, $"breakglass.review:{glass.Id}", ct);
            }

            if (redactions is null)
            {
                // Whether to reveal that an item exists is itself a policy question (26:1: even "known to us" is secret).
                if (_access.Would(actor, context, c, "item.exists", r => r.DescribeItem(c, attributes))) hidden++;
                continue;
            }

            var contactRedacted = i.ContactCipher is not null && (redactions.Contact || redactions.Location);
            var mayEdit = _access.Would(actor, context, c, "item.update", r => r.DescribeItem(c, attributes));
            visible.Add(new ItemView(i.Id, i.Category, _fields.Unprotect(i.TitleCipher), _fields.Unprotect(i.TextCipher),
                contactRedacted || i.ContactCipher is null ? null : _fields.Unprotect(i.ContactCipher), contactRedacted,
                i.OwnerAuthorityId, i.OwnerName, i.CreatedAt, i.UpdatedAt, i.ConcurrencyStamp,
                mayEdit, DecisionExplainer.Explain(decision, _gateway.Policies))
            {
                Received = i.OwnerAuthorityId == actor.AuthorityId ? null : received.GetValueOrDefault(i.Id),
                MayShare = mayEdit,
            });
        }

        return (visible, hidden);
    }

    private static ItemAttributes WithShares(ItemAttributes item, Dictionary<Guid, (List<Guid> To, List<Guid> ContactApproved)> shares) =>
        shares.TryGetValue(item.Id, out var s) ? item with { DisclosedTo = s.To, ContactApprovedFor = s.ContactApproved } : item;

    /// <summary>How each item reached the caller's authority: the newest active disclosure to it, re-labelled under its own regime.</summary>
    private Dictionary<Guid, ReceivedVia> Received(Actor actor, IEnumerable<ShareRow> shareRows)
    {
        var grounds = _gateway.Policies.LegalGrounds;
        var result = new Dictionary<Guid, ReceivedVia>();
        foreach (var r in shareRows.Where(r => r.RecipientAuthorityId == actor.AuthorityId))
            result[r.ResourceId] = new ReceivedVia(r.SenderName, r.Ground, grounds.TryGetValue(r.Ground, out var g) ? g.Title : r.Ground, r.RecipientRegime, r.DecidedAt);
        return result;
    }

    private async Task<List<ActionPlanEntryView>> ReadActionPlanAsync(Actor actor, ProcessContext context, CaseAttributes c,
        Dictionary<Guid, (List<Guid> To, List<Guid> ContactApproved)> shares, Dictionary<Guid, ReceivedVia> received, CancellationToken ct)
    {
        var rows = await (from e in _db.ActionPlanEntries.AsNoTracking()
                          join a in _db.Authorities.AsNoTracking() on e.OwnerAuthorityId equals a.Id
                          where e.CaseId == c.Id
                          orderby e.DueDate, e.CreatedAt
                          select new { e.Id, e.OwnerAuthorityId, OwnerName = a.Name, a.Kind, e.WhatCipher, e.ResponsibleCipher, e.DueDate, e.Status, e.ConcurrencyStamp })
            .ToListAsync(ct);
        var visible = new List<ActionPlanEntryView>();
        foreach (var e in rows)
        {
            var attributes = WithShares(new ItemAttributes(e.Id, e.OwnerAuthorityId, e.Kind, ItemCategories.ActionPlan), shares);
            var decision = _gateway.Decide(_gateway.NewRequest(actor, context, "actionplan.read").DescribeItem(c, attributes, "action_plan"));
            if (!decision.IsPermit || ObligationEnforcer.ForRead(decision) is null) continue;
            var mayEdit = _access.Would(actor, context, c, "actionplan.update", r => r.DescribeItem(c, attributes, "action_plan"));
            visible.Add(new ActionPlanEntryView(e.Id, _fields.Unprotect(e.WhatCipher), _fields.Unprotect(e.ResponsibleCipher), e.DueDate, e.Status,
                e.OwnerAuthorityId, e.OwnerName, e.ConcurrencyStamp, mayEdit)
            {
                Received = e.OwnerAuthorityId == actor.AuthorityId ? null : received.GetValueOrDefault(e.Id),
                SharedWith = e.OwnerAuthorityId == actor.AuthorityId && shares.TryGetValue(e.Id, out var s) ? s.To.Count : 0,
            });
        }

        return visible;
    }

    private CaseCapabilities Capabilities(Actor actor, ProcessContext context, CaseAttributes c)
    {
        var own = actor.AuthorityId.ToString();
        var categories = ItemCategories.ForOwnerKind(actor.AuthorityKind)
            .Where(cat => _access.Would(actor, context, c, "item.create", r => r.Set("resource.type", "item")
                .Set("resource.ownerAuthorityId", own).Set("resource.ownerAuthorityKind", actor.AuthorityKind).Set("resource.category", cat.Code)))
            .ToList();
        bool Can(string action, string type) => _access.Would(actor, context, c, action, r => r.Set("resource.type", type)
            .Set("resource.ownerAuthorityId", own).Set("resource.ownerAuthorityKind", actor.AuthorityKind).Set("resource.category", ItemCategories.ActionPlan));
        return new CaseCapabilities(categories, Can("actionplan.create", "action_plan"), Can("case.close", "case"), Can("case.reopen", "case"), actor.AuthorityId);
    }
}
