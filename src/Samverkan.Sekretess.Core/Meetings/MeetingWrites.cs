using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Disclosures;

namespace Samverkan.Sekretess.Core.Meetings;

/// <summary>
/// Books meetings and records what happens at them. Nothing here is a second way to share: each authority's part of the
/// minutes is its own information item (ItemWrites), each commitment its own plan entry (ActionPlanWrites), and giving
/// them to the others present is one ordinary disclosure per recipient (DisclosureWrites, channel meeting, ground CONSENT
/// with the consent that covers the meeting) — each decided by the PDP, recorded and audited as usual.
/// </summary>
public sealed class MeetingWrites
{
    private const int MaxMinutes = 20_000;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly CaseAccess _access;
    private readonly MeetingAccess _meetings;
    private readonly ItemWrites _items;
    private readonly ActionPlanWrites _plan;
    private readonly DisclosureWrites _disclosures;
    private readonly AttributeResolver _resolver;
    private readonly TimeProvider _clock;

    internal MeetingWrites(SekretessDbContext db, AccessGateway gateway, CaseAccess access, MeetingAccess meetings, ItemWrites items,
        ActionPlanWrites plan, DisclosureWrites disclosures, AttributeResolver resolver, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _access = access;
        _meetings = meetings;
        _items = items;
        _plan = plan;
        _disclosures = disclosures;
        _resolver = resolver;
        _clock = clock;
    }

    public async Task<Guid> CreateAsync(ProcessContext context, Guid caseId, CreateMeetingCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var tx = await _gateway.BeginAsync(ct);
        var meetingId = command.RequestId ?? Guid.NewGuid();
        var present = command.PresentAuthorityIds.Distinct().ToList();
        // The PDP checks that the caller's authority is present and that every present authority takes part in the case.
        var grant = await _access.AuthorizeAsync(context, caseId, "meeting.create", "meeting",
            (r, c, _) => r.DescribeCase(c).Set("resource.type", "meeting").Set("resource.id", meetingId.ToString())
                .Set("meeting.presentAuthorityIds", present.Select(a => a.ToString())), ct);
        var draft = grant.Draft with { ResourceType = "meeting", ResourceId = meetingId.ToString(), RelatedIds = [meetingId] };
        if (!ObligationEnforcer.ForOwnWrite(grant.Decision)) throw await _gateway.DenyAsync(grant.Actor, context, draft, grant.Decision, ct);

        var existing = await _db.Meetings.AsNoTracking().Where(m => m.Id == meetingId).Select(m => new { m.CaseId, m.OrganizerAuthorityId }).FirstOrDefaultAsync(ct);
        if (ItemWrites.IsReplay(existing?.CaseId, existing?.OrganizerAuthorityId, caseId, grant.Actor.AuthorityId)) return meetingId;
        if (present.Count < 2) throw new InvalidCommandException("Välj minst två närvarande myndigheter. Ett möte med bara den egna myndigheten är inget samverkansmöte.");
        if (command.StartsAt is not { } startsAt) throw new InvalidCommandException("Ange datum och tid för mötet.");
        var now = _clock.GetUtcNow().UtcDateTime;
        var at = DateTime.SpecifyKind(startsAt, DateTimeKind.Utc);
        if (at < now.AddYears(-1) || at > now.AddYears(2)) throw new InvalidCommandException("Ange ett rimligt datum för mötet.");
        var userIds = command.AttendeeUserIds.Where(u => !string.IsNullOrEmpty(u)).Distinct().ToList();
        var attendees = await _db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && !u.Disabled).Select(u => new { u.Id, u.AuthorityId }).ToListAsync(ct);
        if (attendees.Count != userIds.Count || attendees.Any(a => !present.Contains(a.AuthorityId)))
            throw new InvalidCommandException("Närvarande personer måste tillhöra någon av de närvarande myndigheterna.");
        if (!attendees.Any(a => a.Id == grant.Actor.UserId))
            throw new InvalidCommandException("Markera dig själv som närvarande: den som för protokollet deltar i mötet.");

        _db.Meetings.Add(new Meeting
        {
            Id = meetingId, CaseId = caseId, StartsAt = at, OrganizerAuthorityId = grant.Actor.AuthorityId, CreatedByUserId = grant.Actor.UserId, CreatedAt = now,
            PresentAuthorities = present.Select(a => new MeetingAuthority { MeetingId = meetingId, AuthorityId = a }).ToList(),
            Attendees = attendees.Select(a => new MeetingAttendee { MeetingId = meetingId, UserId = a.Id, AuthorityId = a.AuthorityId }).ToList(),
        });
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(grant.Actor, context, draft, grant.Decision, ct);
        await tx.CommitAsync(ct);
        return meetingId;
    }

    /// <summary>Writes the caller's authority's part of the minutes as its own information item and links it to the meeting.</summary>
    public async Task<Guid> RecordMinutesAsync(ProcessContext context, Guid meetingId, RecordMinutesCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var grant = await AuthorizeRecordAsync(context, meetingId, ct);
        var text = (command.Text ?? "").Trim();
        if (text.Length is 0 or > MaxMinutes) throw new InvalidCommandException($"Skriv din myndighets del av protokollet (högst {MaxMinutes} tecken).");
        var title = $"Protokollsdel, samverkansmöte {grant.StartsAt:yyyy-MM-dd}";
        // ItemWrites decides item.create (the category must be the caller's own) and audits it; a replay creates nothing.
        var itemId = await _items.AddItemAsync(context, grant.Grant.Case.Id, new AddItemCommand(command.Category ?? "", title, text, null, command.RequestId), ct);
        await LinkAsync(meetingId, itemId, "item", grant.Grant.Actor.AuthorityId, ct);
        return itemId;
    }

    /// <summary>A commitment decided at the meeting: the caller's authority adds it to the action plan as its own.</summary>
    public async Task<Guid> AddActionAsync(ProcessContext context, Guid meetingId, AddActionPlanEntryCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var grant = await AuthorizeRecordAsync(context, meetingId, ct);
        var entryId = await _plan.AddEntryAsync(context, grant.Grant.Case.Id, command, ct);
        await LinkAsync(meetingId, entryId, "action_plan", grant.Grant.Actor.AuthorityId, ct);
        return entryId;
    }

    /// <summary>
    /// "Lämna ut till de närvarande med samtycke": one disclosure per present authority that does not have it yet, each
    /// through DisclosureWrites (channel meeting, ground CONSENT, the covering consent). A refusal for one recipient
    /// (e.g. the consent does not name the category) is reported with the policies' reasons; the others still go.
    /// <paramref name="requestKey"/> comes from the form: a doubled submit derives the same per-recipient keys and writes nothing new.
    /// </summary>
    public async Task<IReadOnlyList<MeetingDisclosureOutcome>> DiscloseToPresentAsync(ProcessContext context, Guid meetingId, string resourceType, Guid resourceId,
        Guid requestKey, CancellationToken ct)
    {
        var grant = await AuthorizeRecordAsync(context, meetingId, ct, resourceId);
        var actor = grant.Grant.Actor;
        var linked = await _db.MeetingRecords.AsNoTracking()
            .AnyAsync(r => r.MeetingId == meetingId && r.ResourceId == resourceId && r.ResourceType == resourceType && r.AuthorityId == actor.AuthorityId, ct);
        // Only the owning authority's own minutes or actions of this meeting; anything else looks like an unknown id.
        if (!linked) throw await _gateway.DenyAsync(actor, context, grant.Grant.Draft with { Action = "item.disclose", RelatedIds = [resourceId] }, null, ct);

        var shares = await _resolver.ResolveDisclosuresAsync(grant.Grant.Case.Id, ct);
        var sharedWith = shares.TryGetValue(resourceId, out var s) ? s.To : [];
        var recipients = grant.Grant.Meeting.PresentAuthorityIds.Where(a => a != actor.AuthorityId && !sharedWith.Contains(a)).ToList();
        var names = await _db.Authorities.AsNoTracking().Where(a => recipients.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var outcomes = new List<MeetingDisclosureOutcome>();
        foreach (var recipient in recipients.OrderBy(r => names[r], StringComparer.Ordinal))
        {
            var command = new DiscloseCommand(recipient, "CONSENT", grant.Grant.ConsentId is { } consentId ? [consentId] : null, new Dictionary<string, string>(), null,
                DisclosureInitiatives.OwnInitiative, DisclosureChannels.Meeting, false, null, KeyFor(requestKey, recipient));
            try
            {
                var id = await _disclosures.DiscloseAsync(context, resourceType, resourceId, command, ct);
                outcomes.Add(new MeetingDisclosureOutcome(recipient, names[recipient], id, []));
            }
            catch (DisclosureRefusedException e)
            {
                outcomes.Add(new MeetingDisclosureOutcome(recipient, names[recipient], null, e.Reasons.Count > 0 ? e.Reasons : [e.Message]));
            }
            catch (InvalidCommandException e)
            {
                outcomes.Add(new MeetingDisclosureOutcome(recipient, names[recipient], null, [e.Message]));
            }
        }

        return outcomes;
    }

    private sealed record RecordGrant(MeetingGrant Grant, DateTime StartsAt);

    /// <summary>meeting.record: a present authority, covered by the consent, in an open case. Audited in its own transaction.</summary>
    private async Task<RecordGrant> AuthorizeRecordAsync(ProcessContext context, Guid meetingId, CancellationToken ct, Guid? related = null)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var grant = await _meetings.AuthorizeAsync(context, meetingId, "meeting.record", ct);
        if (!ObligationEnforcer.ForOwnWrite(grant.Decision)) throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft, grant.Decision, ct);
        var startsAt = await _db.Meetings.AsNoTracking().Where(m => m.Id == meetingId).Select(m => m.StartsAt).SingleAsync(ct);
        await _gateway.AuditPermitAsync(grant.Actor, context, grant.Draft with { RelatedIds = related is { } r ? [meetingId, r] : [meetingId] }, grant.Decision, ct);
        await tx.CommitAsync(ct);
        return new RecordGrant(grant, startsAt);
    }

    private async Task LinkAsync(Guid meetingId, Guid resourceId, string resourceType, Guid authorityId, CancellationToken ct)
    {
        // The item or entry was created (and audited) by its own service; the link only says at which meeting. A replay links once.
        if (await _db.MeetingRecords.AnyAsync(r => r.ResourceId == resourceId, ct)) return;
        _db.MeetingRecords.Add(new MeetingRecord { ResourceId = resourceId, MeetingId = meetingId, ResourceType = resourceType, AuthorityId = authorityId });
        await _db.SaveChangesAsync(ct);
    }

    /// <summary>A stable per-recipient idempotency key derived from the form's key.</summary>
    private static Guid KeyFor(Guid requestKey, Guid recipient)
    {
        Span<byte> input = stackalloc byte[32];
        requestKey.TryWriteBytes(input[..16]);
        recipient.TryWriteBytes(input[16..]);
        return new Guid(SHA256.HashData(input)[..16]);
    }
}
