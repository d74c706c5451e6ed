using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Meetings;

/// <summary>A meeting as the policies see it: its case and the authorities present.</summary>
internal sealed record MeetingAttributes(Guid Id, Guid CaseId, IReadOnlyList<Guid> PresentAuthorityIds);

/// <summary>A permitted meeting operation; <see cref="ConsentId"/> is the consent that covers every present authority (agenda and record).</summary>
internal sealed record MeetingGrant(Actor Actor, CaseAttributes Case, MeetingAttributes Meeting, Decision Decision, AuditDraft Draft, Guid? ConsentId);

/// <summary>
/// The first step of every meeting operation: resolve the meeting from its id (IDOR-safe), its case and the actor,
/// and let the PDP decide. For the agenda and the minutes the PDP is asked once per recorded consent of the case:
/// the person is on the agenda only if one consent covers every present authority (MEET-A-001/MEET-W-001), and the
/// age and custody forbids of consent-age.policy.yaml hold for it. A deny (or an unknown id) is committed and thrown.
/// </summary>
internal sealed class MeetingAccess(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver)
{
    public async Task<MeetingAttributes?> ResolveMeetingAsync(Guid meetingId, CancellationToken ct)
    {
        var m = await db.Meetings.AsNoTracking().Where(x => x.Id == meetingId)
            .Select(x => new { x.Id, x.CaseId, Present = x.PresentAuthorities.Select(a => a.AuthorityId).ToList() }).FirstOrDefaultAsync(ct);
        return m is null ? null : new MeetingAttributes(m.Id, m.CaseId, m.Present);
    }

    public async Task<MeetingGrant> AuthorizeAsync(ProcessContext context, Guid meetingId, string action, CancellationToken ct)
    {
        var actor = await resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft(action, "meeting", meetingId.ToString());
        var meeting = await ResolveMeetingAsync(meetingId, ct);
        var c = meeting is null ? null : await resolver.ResolveCaseAsync(meeting.CaseId, ct);
        if (meeting is null || c is null) throw await gateway.DenyAsync(actor, context, draft, null, ct);
        draft = draft with { CaseId = c.Id, PersonId = c.SubjectPersonId, ResourceAuthorityId = c.LeadAuthorityId };

        if (action == "meeting.read")
        {
            var read = gateway.Decide(Describe(gateway.NewRequest(actor, context, action), c, meeting));
            if (!read.IsPermit) throw await gateway.DenyAsync(actor, context, draft, read, ct);
            return new MeetingGrant(actor, c, meeting, read, draft, null);
        }

        var (decision, consentId) = await DecideCoverageAsync(actor, context, c, meeting, action, ct);
        if (!decision.IsPermit) throw await gateway.DenyAsync(actor, context, draft, decision, ct);
        return new MeetingGrant(actor, c, meeting, decision, draft, consentId);
    }

    /// <summary>
    /// Asks the PDP with each recorded consent; the first that permits wins. Without a permit the returned decision is the
    /// one with a forbid if any (so the audit entry names the rule that refused), else the last default deny.
    /// </summary>
    public async Task<(Decision Decision, Guid? ConsentId)> DecideCoverageAsync(Actor actor, ProcessContext context, CaseAttributes c,
        MeetingAttributes meeting, string action, CancellationToken ct)
    {
        var subject = await resolver.ResolveSubjectAsync(c.SubjectPersonId, ct);
        var consents = await resolver.ResolveConsentsAsync(c.Id, ct);
        DecisionRequest Base()
        {
            var r = Describe(gateway.NewRequest(actor, context, action), c, meeting).Set("disclosure.ground", "CONSENT");
            return subject is null ? r : r.DescribeSubject(subject);
        }

        var refusal = gateway.Decide(Base());
        foreach (var consent in consents)
        {
            var decision = gateway.Decide(Base().DescribeConsent(consent));
            if (decision.IsPermit) return (decision, consent.Id);
            if (decision.RuleIds.Count > 0 || refusal.RuleIds.Count == 0) refusal = decision;
        }

        return (refusal, null);
    }

    public static DecisionRequest Describe(DecisionRequest request, CaseAttributes c, MeetingAttributes meeting) =>
        request.DescribeCase(c)
            .Set("resource.type", "meeting")
            .Set("resource.id", meeting.Id.ToString())
            .Set("resource.dataSubjectIds", [c.SubjectPersonId.ToString()])
            .Set("meeting.presentAuthorityIds", meeting.PresentAuthorityIds.Select(a => a.ToString()));
}
