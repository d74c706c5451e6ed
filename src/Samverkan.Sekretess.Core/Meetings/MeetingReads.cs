using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Meetings;

/// <summary>
/// Meeting reads through the gateway: the case's meetings (meeting.read), one meeting's frame and agenda, and one agenda
/// item (meeting.agenda: only for a present authority that the consent covers). Every read is audited; a deny is a 404.
/// </summary>
public sealed class MeetingReads
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly CaseAccess _access;
    private readonly MeetingAccess _meetings;
    private readonly FieldProtector _fields;

    internal MeetingReads(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, CaseAccess access, MeetingAccess meetings, FieldProtector fields)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _access = access;
        _meetings = meetings;
        _fields = fields;
    }

    public async Task<MeetingList> ListAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginReadAsync(ct);
        var grant = await _access.AuthorizeAsync(context, caseId, "meeting.read", "meeting", null, ct);
        var (actor, c) = (grant.Actor, grant.Case);
        var head = await _db.Cases.AsNoTracking().Where(x => x.Id == caseId).Select(x => new { x.Reference, x.Type }).SingleAsync(ct);
        var rows = await _db.Meetings.AsNoTracking().Where(m => m.CaseId == caseId).OrderByDescending(m => m.StartsAt)
            .Select(m => new { m.Id, m.StartsAt, Present = m.PresentAuthorities.Select(a => a.AuthorityId).ToList(), Attendees = m.Attendees.Count })
            .ToListAsync(ct);
        var participants = await ParticipantsAsync(caseId, ct);
        var names = participants.ToDictionary(p => p.Id, p => p.Name);
        var meetings = rows.Select(m => new MeetingSummary(m.Id, m.StartsAt,
            m.Present.Select(a => names.GetValueOrDefault(a, "Myndighet som inte längre deltar")).Order(StringComparer.Ordinal).ToList(), m.Attendees)).ToList();
        var ids = participants.Select(p => p.Id).ToList();
        var users = await (from u in _db.Users.AsNoTracking()
                           join a in _db.Authorities.AsNoTracking() on u.AuthorityId equals a.Id
                           where ids.Contains(u.AuthorityId) && !u.Disabled
                           orderby a.Name, u.DisplayName
                           select new AttendeeOption(u.Id, u.DisplayName, a.Id, a.Name)).ToListAsync(ct);
        var mayCreate = _access.Would(actor, context, c, "meeting.create", r => r.Set("resource.type", "meeting")
            .Set("meeting.presentAuthorityIds", [actor.AuthorityId.ToString()]));

        await tx.CommitAsync(ct);
        await _gateway.AuditReadAsync(actor, context, grant.Draft with { ResourceType = "meeting", RelatedIds = meetings.Select(m => m.Id).ToList() }, grant.Decision, ct);
        return new MeetingList(caseId, head.Reference, head.Type, meetings, mayCreate, participants, users, actor.AuthorityId);
    }

    public async Task<MeetingDetails> GetAsync(ProcessContext context, Guid meetingId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginReadAsync(ct);
        var grant = await _meetings.AuthorizeAsync(context, meetingId, "meeting.read", ct);
        var (actor, c, meeting) = (grant.Actor, grant.Case, grant.Meeting);
        var head = await HeadAsync(meetingId, ct);
        var present = await AuthorityNamesAsync(meeting.PresentAuthorityIds, ct);
        var attendees = await (from x in _db.MeetingAttendees.AsNoTracking()
                               join u in _db.Users.AsNoTracking() on x.UserId equals u.Id
                               join a in _db.Authorities.AsNoTracking() on x.AuthorityId equals a.Id
                               where x.MeetingId == meetingId
                               orderby a.Name, u.DisplayName
                               select new AttendeeView(u.DisplayName, a.Name)).ToListAsync(ct);
        // The agenda lists the person only when the PDP finds a consent that covers every present authority (for this caller).
        var (coverage, _) = await _meetings.DecideCoverageAsync(actor, context, c, meeting, "meeting.agenda", ct);
        var agenda = coverage.IsPermit ? [new AgendaEntry(c.Id, head.Reference, _fields.Unprotect(head.NameCipher))] : new List<AgendaEntry>();

        await tx.CommitAsync(ct);
        await _gateway.AuditReadAsync(actor, context, grant.Draft with { RelatedIds = agenda.Select(a => a.CaseId).ToList() }, grant.Decision, ct);
        return new MeetingDetails(meetingId, c.Id, head.Reference, head.Type, head.StartsAt, head.OrganizerName,
            present.Select(p => p.Name).ToList(), attendees, agenda, meeting.PresentAuthorityIds.Contains(actor.AuthorityId));
    }

    /// <summary>The agenda item: 404 (audited) unless the caller's authority is present and the consent covers every present authority.</summary>
    public async Task<MeetingItem> GetItemAsync(ProcessContext context, Guid meetingId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginReadAsync(ct);
        var grant = await _meetings.AuthorizeAsync(context, meetingId, "meeting.agenda", ct);
        var (actor, c, meeting) = (grant.Actor, grant.Case, grant.Meeting);
        var head = await HeadAsync(meetingId, ct);
        var present = await AuthorityNamesAsync(meeting.PresentAuthorityIds, ct);
        var names = present.ToDictionary(p => p.Id, p => p.Name);
        var shares = await _resolver.ResolveDisclosuresAsync(c.Id, ct);
        var records = await _db.MeetingRecords.AsNoTracking().Where(r => r.MeetingId == meetingId).ToListAsync(ct);

        (List<string> NotYet, List<string> To) Sharing(Guid id, Guid owner)
        {
            if (owner != actor.AuthorityId) return ([], []);
            var to = shares.TryGetValue(id, out var s) ? s.To : [];
            return (meeting.PresentAuthorityIds.Where(a => a != owner && !to.Contains(a)).Select(a => names[a]).ToList(),
                to.Select(a => names.GetValueOrDefault(a, "annan myndighet")).ToList());
        }

        var minuteIds = records.Where(r => r.ResourceType == "item").Select(r => r.ResourceId).ToList();
        var minuteRows = await (from i in _db.InformationItems.AsNoTracking()
                                join a in _db.Authorities.AsNoTracking() on i.OwnerAuthorityId equals a.Id
                                where minuteIds.Contains(i.Id)
                                orderby i.CreatedAt
                                select new { i.Id, i.OwnerAuthorityId, OwnerName = a.Name, a.Kind, i.Category, i.TitleCipher, i.TextCipher, i.CreatedAt }).ToListAsync(ct);
        var minutes = new List<MinuteView>();
        foreach (var i in minuteRows)
        {
            var attributes = With(new ItemAttributes(i.Id, i.OwnerAuthorityId, i.Kind, i.Category), shares);
            var decision = _gateway.Decide(_gateway.NewRequest(actor, context, "item.read").DescribeItem(c, attributes).ForReader(attributes, actor));
            // Minutes never carry contact details, so any redaction obligation is moot; an unknown obligation still hides it.
            if (!decision.IsPermit || ObligationEnforcer.ForRead(decision) is null) continue;
            var (notYet, to) = Sharing(i.Id, i.OwnerAuthorityId);
            minutes.Add(new MinuteView(i.Id, i.OwnerAuthorityId, i.OwnerName, i.Category, _fields.Unprotect(i.TitleCipher), _fields.Unprotect(i.TextCipher),
                i.CreatedAt, i.OwnerAuthorityId == actor.AuthorityId, notYet, to));
        }

        var actionIds = records.Where(r => r.ResourceType == "action_plan").Select(r => r.ResourceId).ToList();
        var actionRows = await (from e in _db.ActionPlanEntries.AsNoTracking()
                                join a in _db.Authorities.AsNoTracking() on e.OwnerAuthorityId equals a.Id
                                where actionIds.Contains(e.Id)
                                orderby e.DueDate, e.CreatedAt
                                select new { e.Id, e.OwnerAuthorityId, OwnerName = a.Name, a.Kind, e.WhatCipher, e.ResponsibleCipher, e.DueDate, e.Status }).ToListAsync(ct);
        var actions = new List<MeetingActionView>();
        foreach (var e in actionRows)
        {
            var attributes = With(new ItemAttributes(e.Id, e.OwnerAuthorityId, e.Kind, ItemCategories.ActionPlan), shares);
            var decision = _gateway.Decide(_gateway.NewRequest(actor, context, "actionplan.read").DescribeItem(c, attributes, "action_plan"));
            if (!decision.IsPermit || ObligationEnforcer.ForRead(decision) is null) continue;
            var (notYet, to) = Sharing(e.Id, e.OwnerAuthorityId);
            actions.Add(new MeetingActionView(e.Id, e.OwnerAuthorityId, e.OwnerName, _fields.Unprotect(e.WhatCipher), _fields.Unprotect(e.ResponsibleCipher),
                e.DueDate, e.Status, e.OwnerAuthorityId == actor.AuthorityId, notYet, to));
        }

        var (record, _) = await _meetings.DecideCoverageAsync(actor, context, c, meeting, "meeting.record", ct);
        var own = actor.AuthorityId.ToString();
        var categories = record.IsPermit
            ? ItemCategories.ForOwnerKind(actor.AuthorityKind).Where(k => k.OwnerKind != "any")
                .Where(k => _access.Would(actor, context, c, "item.create", r => r.Set("resource.type", "item")
                    .Set("resource.ownerAuthorityId", own).Set("resource.ownerAuthorityKind", actor.AuthorityKind).Set("resource.category", k.Code)))
                .ToList()
            : [];

        await tx.CommitAsync(ct);
        await _gateway.AuditReadAsync(actor, context,
            grant.Draft with { RelatedIds = minutes.Select(m => m.ItemId).Concat(actions.Select(a => a.EntryId)).ToList() }, grant.Decision, ct);
        return new MeetingItem(meetingId, c.Id, head.Reference, head.Type, _fields.Unprotect(head.NameCipher), head.StartsAt,
            present, minutes, actions, record.IsPermit, categories, actor.AuthorityId);
    }

    private static ItemAttributes With(ItemAttributes item, Dictionary<Guid, (List<Guid> To, List<Guid> ContactApproved)> shares) =>
        shares.TryGetValue(item.Id, out var s) ? item with { DisclosedTo = s.To, ContactApprovedFor = s.ContactApproved } : item;

    private sealed record Head(string Reference, string Type, DateTime StartsAt, string OrganizerName, string NameCipher);

    private Task<Head> HeadAsync(Guid meetingId, CancellationToken ct) =>
        (from m in _db.Meetings.AsNoTracking()
         join x in _db.Cases.AsNoTracking() on m.CaseId equals x.Id
         join p in _db.Persons.AsNoTracking() on x.SubjectPersonId equals p.Id
         join a in _db.Authorities.AsNoTracking() on m.OrganizerAuthorityId equals a.Id
         where m.Id == meetingId
         select new Head(x.Reference, x.Type, m.StartsAt, a.Name, p.NameCipher)).SingleAsync(ct);

    private async Task<List<AuthorityOption>> AuthorityNamesAsync(IReadOnlyList<Guid> ids, CancellationToken ct) =>
        await _db.Authorities.AsNoTracking().Where(a => ids.Contains(a.Id)).OrderBy(a => a.Name).Select(a => new AuthorityOption(a.Id, a.Name, a.Kind)).ToListAsync(ct);

    internal async Task<List<AuthorityOption>> ParticipantsAsync(Guid caseId, CancellationToken ct) =>
        await (from p in _db.CaseParticipants.AsNoTracking()
               join a in _db.Authorities.AsNoTracking() on p.AuthorityId equals a.Id
               where p.CaseId == caseId
               orderby a.Name
               select new AuthorityOption(a.Id, a.Name, a.Kind)).ToListAsync(ct);
}
