using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Meetings;

/// <summary>
/// Meeting reads, each one grant: the case's meetings (meeting.read), one meeting's frame and agenda, and one agenda item
/// (meeting.agenda: only for a present authority that a consent covers, <see cref="MeetingCoverage"/>). Every read is
/// audited; a deny is a 404. What another authority disclosed is shown exactly as its disclosure's content.
/// </summary>
public sealed class MeetingReads
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly FieldProtector _fields;

    internal MeetingReads(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, FieldProtector fields)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _fields = fields;
    }

    public async Task<MeetingList> ListAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.MeetingRead, new AccessTarget.Case(caseId, ResourceTypes.Meeting)), ct);
        return await grant.ReadAsync(async () =>
        {
            var actor = grant.Actor;
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
            var mayCreate = grant.Would(Actions.MeetingCreate, r => r.Set(PolicyAttributes.ResourceType, ResourceTypes.Meeting)
                .Set(PolicyAttributes.MeetingPresentAuthorityIds, [actor.AuthorityId.ToString()]));
            grant.Touch(meetings.Select(m => m.Id));
            return new MeetingList(caseId, head.Reference, head.Type, meetings, mayCreate, participants, users, actor.AuthorityId);
        }, ct);
    }

    public async Task<MeetingDetails> GetAsync(ProcessContext context, Guid meetingId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.MeetingRead, new AccessTarget.Meeting(meetingId)), ct);
        return await grant.ReadAsync(async () =>
        {
            var (actor, c, meeting) = (grant.Actor, grant.Case, grant.Facts.Meeting!);
            var head = await HeadAsync(meetingId, ct);
            var present = await AuthorityNamesAsync(meeting.PresentAuthorityIds, ct);
            var attendees = await (from x in _db.MeetingAttendees.AsNoTracking()
                                   join u in _db.Users.AsNoTracking() on x.UserId equals u.Id
                                   join a in _db.Authorities.AsNoTracking() on x.AuthorityId equals a.Id
                                   where x.MeetingId == meetingId
                                   orderby a.Name, u.DisplayName
                                   select new AttendeeView(u.DisplayName, a.Name)).ToListAsync(ct);
            // The agenda lists the person only when a consent covers every present authority (for this caller).
            var coverage = await MeetingCoverage.FindAsync(grant, _resolver, Actions.MeetingAgenda, ObligationProfile.Read, ct);
            var agenda = coverage.Consent is not null ? [new AgendaEntry(c.Id, head.Reference, _fields.Unprotect(head.NameCipher))] : new List<AgendaEntry>();
            grant.Touch(agenda.Select(a => a.CaseId));
            return new MeetingDetails(meetingId, c.Id, head.Reference, head.Type, head.StartsAt, head.OrganizerName,
                present.Select(p => p.Name).ToList(), attendees, agenda, meeting.PresentAuthorityIds.Contains(actor.AuthorityId));
        }, ct);
    }

    /// <summary>The agenda item: 404 (audited as meeting.agenda) unless the caller's authority is present and a consent covers every present authority.</summary>
    public async Task<MeetingItem> GetItemAsync(ProcessContext context, Guid meetingId, CancellationToken ct)
    {
        var request = AccessRequest.Read(context, Actions.MeetingRead, new AccessTarget.Meeting(meetingId)) with { AuditAction = Actions.MeetingAgenda.Name };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        await MeetingCoverage.RequireAsync(grant, _resolver, Actions.MeetingAgenda, ObligationProfile.Read, ct);
        return await grant.ReadAsync(() => ReadItemAsync(grant, meetingId, ct), ct);
    }

    private async Task<MeetingItem> ReadItemAsync(AccessGateway.Grant grant, Guid meetingId, CancellationToken ct)
    {
        var (actor, c, meeting) = (grant.Actor, grant.Case, grant.Facts.Meeting!);
        var head = await HeadAsync(meetingId, ct);
        var present = await AuthorityNamesAsync(meeting.PresentAuthorityIds, ct);
        var names = present.ToDictionary(p => p.Id, p => p.Name);
        var records = await _resolver.ResolveRecordsOfCaseAsync(c, ct);
        var received = await ReceivedAsync(actor, records, ct);
        var links = await _db.MeetingRecords.AsNoTracking().Where(r => r.MeetingId == meetingId).ToListAsync(ct);

        (List<string> NotYet, List<string> To) Sharing(RecordRef record, Guid owner)
        {
            if (owner != actor.AuthorityId) return ([], []);
            var to = records.Shares.TryGetValue(record, out var s) ? s.To : [];
            return (meeting.PresentAuthorityIds.Where(a => a != owner && !to.Contains(a)).Select(a => names[a]).ToList(),
                to.Select(a => names.GetValueOrDefault(a, "annan myndighet")).ToList());
        }

        var minuteIds = links.Where(r => r.ResourceType == ResourceTypes.Item).Select(r => r.ResourceId).ToList();
        var minuteRows = await (from i in _db.InformationItems.AsNoTracking()
                                join a in _db.Authorities.AsNoTracking() on i.OwnerAuthorityId equals a.Id
                                where minuteIds.Contains(i.Id)
                                orderby i.CreatedAt
                                select new { i.Id, i.OwnerAuthorityId, OwnerName = a.Name, a.Kind, i.Category, i.TitleCipher, i.TextCipher, i.CreatedAt }).ToListAsync(ct);
        var minutes = new List<MinuteView>();
        foreach (var i in minuteRows)
        {
            var attributes = records.Describe(new ItemAttributes(i.Id, i.OwnerAuthorityId, i.Kind, i.Category));
            var decision = grant.Decide(Actions.ItemRead, r => r.DescribeItem(c, attributes).ForReader(attributes, actor));
            // Minutes never carry contact details, so a redaction is moot; an obligation a read cannot discharge still hides it.
            if (!decision.IsPermit || Duties.Of(decision, ObligationProfile.Read) is null) continue;
            var (notYet, to) = Sharing(attributes.Ref, i.OwnerAuthorityId);
            var (title, text) = i.OwnerAuthorityId != actor.AuthorityId && received.TryGetValue(attributes.Ref, out var content)
                ? (content.Title, content.Text) : (_fields.Unprotect(i.TitleCipher), _fields.Unprotect(i.TextCipher));
            minutes.Add(new MinuteView(i.Id, i.OwnerAuthorityId, i.OwnerName, i.Category, title, text, i.CreatedAt, i.OwnerAuthorityId == actor.AuthorityId, notYet, to));
        }

        var actionIds = links.Where(r => r.ResourceType == ResourceTypes.ActionPlan).Select(r => r.ResourceId).ToList();
        var actionRows = await (from e in _db.ActionPlanEntries.AsNoTracking()
                                join a in _db.Authorities.AsNoTracking() on e.OwnerAuthorityId equals a.Id
                                where actionIds.Contains(e.Id)
                                orderby e.DueDate, e.CreatedAt
                                select new { e.Id, e.OwnerAuthorityId, OwnerName = a.Name, a.Kind, e.WhatCipher, e.ResponsibleCipher, e.DueDate, e.Status }).ToListAsync(ct);
        var actions = new List<MeetingActionView>();
        foreach (var e in actionRows)
        {
            var attributes = records.Describe(new ItemAttributes(e.Id, e.OwnerAuthorityId, e.Kind, ItemCategories.ActionPlan) { Type = ResourceTypes.ActionPlan });
            var decision = grant.Decide(Actions.ActionplanRead, r => r.DescribeItem(c, attributes, ResourceTypes.ActionPlan));
            if (!decision.IsPermit || Duties.Of(decision, ObligationProfile.Read) is null) continue;
            var (notYet, to) = Sharing(attributes.Ref, e.OwnerAuthorityId);
            var (what, responsible, due) = e.OwnerAuthorityId != actor.AuthorityId && received.TryGetValue(attributes.Ref, out var content)
                ? (content.What ?? "", content.Responsible ?? "", content.DueDate ?? e.DueDate)
                : (_fields.Unprotect(e.WhatCipher), _fields.Unprotect(e.ResponsibleCipher), e.DueDate);
            actions.Add(new MeetingActionView(e.Id, e.OwnerAuthorityId, e.OwnerName, what, responsible, due, e.Status, e.OwnerAuthorityId == actor.AuthorityId, notYet, to));
        }

        var mayRecord = (await MeetingCoverage.FindAsync(grant, _resolver, Actions.MeetingRecord, ObligationProfile.Write, ct)).Consent is not null;
        var own = actor.AuthorityId.ToString();
        var categories = mayRecord
            ? ItemCategories.ForOwnerKind(actor.AuthorityKind).Where(k => k.OwnerKind != "any")
                .Where(k => grant.Would(Actions.ItemCreate, r => r.Set(PolicyAttributes.ResourceType, ResourceTypes.Item)
                    .Set(PolicyAttributes.ResourceOwnerAuthorityId, own).Set(PolicyAttributes.ResourceOwnerAuthorityKind, actor.AuthorityKind)
                    .Set(PolicyAttributes.ResourceCategory, k.Code)))
                .ToList()
            : [];
        grant.Touch(minutes.Select(m => m.ItemId).Concat(actions.Select(a => a.EntryId)));
        return new MeetingItem(meetingId, c.Id, head.Reference, head.Type, _fields.Unprotect(head.NameCipher), head.StartsAt,
            present, minutes, actions, mayRecord, categories, actor.AuthorityId);
    }

    /// <summary>What the newest share in force to the caller's authority disclosed of each record (its stored content).</summary>
    private async Task<Dictionary<RecordRef, DisclosedContent>> ReceivedAsync(Actor actor, CaseRecordFacts records, CancellationToken ct)
    {
        var newest = new Dictionary<RecordRef, Guid>();
        foreach (var r in records.ShareRows.Where(r => r.InForce && r.RecipientAuthorityId == actor.AuthorityId)) newest[r.Record] = r.DisclosureId;
        if (newest.Count == 0) return [];
        var ids = newest.Values.ToList();
        var ciphers = await _db.Disclosures.AsNoTracking().Where(d => ids.Contains(d.Id) && d.ContentCipher != null)
            .ToDictionaryAsync(d => d.Id, d => d.ContentCipher!, ct);
        return newest.Where(n => ciphers.ContainsKey(n.Value)).ToDictionary(n => n.Key, n => DisclosedContent.Unprotect(_fields, ciphers[n.Value]));
    }

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
