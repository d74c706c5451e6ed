using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Meetings;

/// <summary>
/// Whether a meeting may take up its case's person (meeting.agenda) or record at the item (meeting.record): the PDP is
/// asked inside the meeting's grant once per recorded consent of the case, and the person is on the agenda only if one
/// consent covers every present authority (MEET-A-001/MEET-W-001), with the age and custody forbids of
/// consent-age.policy.yaml holding for it. The consent that permitted is the one the meeting's disclosures rest on.
/// </summary>
internal static class MeetingCoverage
{
    /// <summary>The covering consent and how it was described; without one, the consent null and the refusal's description.</summary>
    internal sealed record Coverage(ConsentAttributes? Consent, Func<DecisionRequest, DecisionRequest> Describe);

    /// <summary>
    /// Asks with each recorded consent; the first that permits (with duties <paramref name="profile"/> can discharge) wins.
    /// Without one, the description kept is the one whose decision names a forbid if any, so a refusal's entry names the
    /// rule that refused. Never audited by itself.
    /// </summary>
    public static async Task<Coverage> FindAsync(AccessGateway.Grant grant, AttributeResolver resolver, PolicyAction action, ObligationProfile profile,
        CancellationToken ct)
    {
        var (c, meeting) = (grant.Case, grant.Facts.Meeting!);
        var subject = await resolver.ResolveSubjectAsync(c.SubjectPersonId, ct);
        var consents = await resolver.ResolveConsentsAsync(c.Id, ct);
        Func<DecisionRequest, DecisionRequest> With(ConsentAttributes? consent) => r =>
        {
            r.DescribeMeeting(c, meeting).Set(PolicyAttributes.DisclosureGround, "CONSENT");
            if (subject is not null) r.DescribeSubject(subject);
            return consent is null ? r : r.DescribeConsent(consent);
        };

        var refusal = new Coverage(null, With(null));
        var refusalRules = grant.Decide(action, refusal.Describe).RuleIds.Count;
        foreach (var consent in consents)
        {
            var describe = With(consent);
            var decision = grant.Decide(action, describe);
            if (decision.IsPermit && Duties.Of(decision, profile) is not null) return new Coverage(consent, describe);
            if (decision.RuleIds.Count > 0 || refusalRules == 0) (refusal, refusalRules) = (new Coverage(null, describe), decision.RuleIds.Count);
        }

        return refusal;
    }

    /// <summary>
    /// The coverage as a decision the access rests on: the covering consent's decision becomes the entry's (its action and
    /// rule); without one the refusal is audited and the 404 thrown.
    /// </summary>
    public static async Task<ConsentAttributes> RequireAsync(AccessGateway.Grant grant, AttributeResolver resolver, PolicyAction action, ObligationProfile profile,
        CancellationToken ct)
    {
        var coverage = await FindAsync(grant, resolver, action, profile, ct);
        var (_, duties) = await grant.CheckAsync(action, coverage.Describe, profile, null, ct, decidesEntry: true);
        return duties is not null && coverage.Consent is { } consent ? consent : throw new AccessDeniedException();
    }
}
