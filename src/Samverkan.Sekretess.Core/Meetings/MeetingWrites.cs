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
    private readonly ItemWrites _items;
    private readonly ActionPlanWrites _plan;
    private readonly DisclosureWrites _disclosures;
    private readonly AttributeResolver _resolver;
    private readonly TimeProvider _clock;

    internal MeetingWrites(SekretessDbContext db, AccessGateway gateway, ItemWrites items, ActionPlanWrites plan, DisclosureWrites disclosures,
        AttributeResolver resolver, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _items = items;
        _plan = plan;
        _disclosures = disclosures;
        _resolver = resolver;
        _clock = clock;
    }

    /// <summary>Books a meeting with an id the server makes; <see cref="CreateMeetingCommand.RequestId"/> only makes a doubled submit harmless.</summary>
    public async Task<Guid> CreateAsync(ProcessContext context, Guid caseId, CreateMeetingCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var present = command.PresentAuthorityIds.Distinct().ToList();
        // The PDP checks that the caller's authority is present and that every present authority takes part in the case.
        var request = AccessRequest.Write(context, Actions.MeetingCreate, new AccessTarget.Case(caseId, ResourceTypes.Meeting)) with
        {
            Describe = (r, _) => r.Set(PolicyAttributes.MeetingPresentAuthorityIds, present.Select(a => a.ToString())),
            Idempotency = ItemWrites.IdempotencyOf(Actions.MeetingCreate, command.RequestId),
        };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.CreateAsync(async meetingId =>
        {
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
            grant.Touch(meetingId);
        }, ct);
    }

    /// <summary>Writes the caller's authority's part of the minutes as its own information item and links it to the meeting.</summary>
    public async Task<Guid> RecordMinutesAsync(ProcessContext context, Guid meetingId, RecordMinutesCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (caseId, startsAt) = await MayRecordAsync(context, meetingId, ct);
        var text = (command.Text ?? "").Trim();
        if (text.Length is 0 or > MaxMinutes) throw new InvalidCommandException($"Skriv din myndighets del av protokollet (högst {MaxMinutes} tecken).");
        var title = $"Protokollsdel, samverkansmöte {startsAt:yyyy-MM-dd}";
        // ItemWrites decides item.create (the category must be the caller's own) and audits it; a replay of the form creates nothing.
        var itemId = await _items.AddItemAsync(context, caseId, new AddItemCommand(command.Category ?? "", title, text, null, command.RequestId), ct);
        await LinkAsync(context, meetingId, new RecordRef(ResourceTypes.Item, itemId), ct);
        return itemId;
    }

    /// <summary>A commitment decided at the meeting: the caller's authority adds it to the action plan as its own.</summary>
    public async Task<Guid> AddActionAsync(ProcessContext context, Guid meetingId, AddActionPlanEntryCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (caseId, _) = await MayRecordAsync(context, meetingId, ct);
        var entryId = await _plan.AddEntryAsync(context, caseId, command, ct);
        await LinkAsync(context, meetingId, new RecordRef(ResourceTypes.ActionPlan, entryId), ct);
        return entryId;
    }

    /// <summary>
    /// "Lämna ut till de närvarande med samtycke": one disclosure per present authority that does not have it yet, each
    /// through DisclosureWrites (channel meeting, ground CONSENT, the consent that covers the meeting). A refusal for one
    /// recipient (e.g. the consent does not name the category) is reported with the policies' reasons; the others still go.
    /// <paramref name="requestKey"/> is the form's double-submit token: a doubled submit derives the same per-recipient
    /// tokens and writes nothing new. Only the caller's authority's own minutes or actions of this meeting can be given;
    /// anything else looks like an unknown id (audited).
    /// </summary>
    public async Task<IReadOnlyList<MeetingDisclosureOutcome>> DiscloseToPresentAsync(ProcessContext context, Guid meetingId, string resourceType, Guid resourceId,
        Guid requestKey, CancellationToken ct)
    {
        var record = new RecordRef(resourceType, resourceId);
        var (consentId, recipients) = await RecordingAsync(context, meetingId, async grant =>
        {
            var actor = grant.Actor;
            var linked = record.IsKnownType && await _db.MeetingRecords.AsNoTracking()
                .AnyAsync(r => r.MeetingId == meetingId && r.ResourceId == resourceId && r.ResourceType == resourceType && r.AuthorityId == actor.AuthorityId, ct);
            if (!linked) throw await grant.RefuseAsync(d => d with { Action = Actions.ItemDisclose.Name, RelatedIds = [resourceId] }, ct);
            var records = await _resolver.ResolveRecordsOfCaseAsync(grant.Case, ct);
            var sharedWith = records.Shares.TryGetValue(record, out var s) ? s.To : [];
            grant.Touch(resourceId);
            return grant.Facts.Meeting!.PresentAuthorityIds.Where(a => a != actor.AuthorityId && !sharedWith.Contains(a)).ToList();
        }, ct);

        var names = await _db.Authorities.AsNoTracking().Where(a => recipients.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var outcomes = new List<MeetingDisclosureOutcome>();
        foreach (var recipient in recipients.OrderBy(r => names[r], StringComparer.Ordinal))
        {
            var command = new DiscloseCommand(recipient, "CONSENT", [consentId], new Dictionary<string, string>(), null,
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

    /// <summary>
    /// meeting.record, decided before the minute or action is created: a present authority, covered by a consent, in an
    /// open case. A deny is audited (404); the permitted decision's entry is written with the link (<see cref="LinkAsync"/>),
    /// so nothing is created for a caller the meeting does not cover.
    /// </summary>
    private async Task<(Guid CaseId, DateTime StartsAt)> MayRecordAsync(ProcessContext context, Guid meetingId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(RecordRequest(context, meetingId), ct);
        await MeetingCoverage.RequireAsync(grant, _resolver, Actions.MeetingRecord, ObligationProfile.Write, ct);
        var startsAt = await _db.Meetings.AsNoTracking().Where(m => m.Id == meetingId).Select(m => m.StartsAt).SingleAsync(ct);
        return (grant.Case.Id, startsAt);
    }

    /// <summary>Links the record its own service created (and audited) to the meeting, as a meeting.record write; a replay links once.</summary>
    private async Task LinkAsync(ProcessContext context, Guid meetingId, RecordRef record, CancellationToken ct) =>
        await RecordingAsync(context, meetingId, async grant =>
        {
            grant.Touch(record.Id);
            if (await _db.MeetingRecords.AnyAsync(r => r.ResourceId == record.Id, ct)) return true;
            _db.MeetingRecords.Add(new MeetingRecord { ResourceId = record.Id, MeetingId = meetingId, ResourceType = record.Type, AuthorityId = grant.Actor.AuthorityId });
            return true;
        }, ct);

    /// <summary>A meeting.record write: decided with the covering consent (which it returns), the work, and the entry in one transaction.</summary>
    private async Task<(Guid ConsentId, T Result)> RecordingAsync<T>(ProcessContext context, Guid meetingId, Func<AccessGateway.Grant, Task<T>> work, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(RecordRequest(context, meetingId), ct);
        var consent = await MeetingCoverage.RequireAsync(grant, _resolver, Actions.MeetingRecord, ObligationProfile.Write, ct);
        var result = await grant.WriteAsync(() => work(grant), ct);
        return (consent.Id, result);
    }

    /// <summary>The meeting as the record's gate: meeting.read opens it (a deny is entered as the meeting.record it was).</summary>
    private static AccessRequest RecordRequest(ProcessContext context, Guid meetingId) =>
        AccessRequest.Write(context, Actions.MeetingRead, new AccessTarget.Meeting(meetingId)) with { AuditAction = Actions.MeetingRecord.Name };

    /// <summary>A stable per-recipient idempotency key derived from the form's key.</summary>
    private static Guid KeyFor(Guid requestKey, Guid recipient)
    {
        Span<byte> input = stackalloc byte[32];
        requestKey.TryWriteBytes(input[..16]);
        recipient.TryWriteBytes(input[16..]);
        return new Guid(SHA256.HashData(input)[..16]);
    }
}
