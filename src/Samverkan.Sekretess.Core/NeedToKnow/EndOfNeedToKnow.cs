using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Notifications;

namespace Samverkan.Sekretess.Core.NeedToKnow;

/// <summary>What one pass of the end-of-need-to-know job did.</summary>
public sealed record NeedToKnowResult(int Ended, int Refused);

/// <summary>
/// Ends the shares whose basis has gone: the case was closed or archived, the recipient no longer takes part, or the
/// consent it rested on was withdrawn or ran out. Each share is ended by the sending authority's system account through
/// the gateway — the policies (system-jobs.policy.yaml, JOB-END-*) decide, and the rule that permitted is the recorded
/// reason — in its own transaction with its audit entry and a content-free notice to the recipient.
/// Idempotent: only shares not yet ended are candidates, and a share is re-read inside its transaction, so a retried
/// or concurrent run never ends one twice. Runs every minute (Hangfire), so access ends within a minute.
/// </summary>
public sealed class EndOfNeedToKnow
{
    /// <summary>The reason recorded on the share, per permitting rule (the rule's own text explains it in full).</summary>
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        ["JOB-END-001"] = "ärendet avslutat",
        ["JOB-END-002"] = "mottagaren deltar inte längre",
        ["JOB-END-003"] = "samtycke återkallat",
        ["JOB-END-004"] = "samtycket har gått ut",
    };

    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly SystemActors _system;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    internal EndOfNeedToKnow(SekretessDbContext db, AccessGateway gateway, SystemActors system, Notifier notifier, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _system = system;
        _notifier = notifier;
        _clock = clock;
    }

    public async Task<NeedToKnowResult> RunAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        // A share rests on every consent it names (DisclosureConsents, one per person, and the older single ConsentId):
        // any one withdrawn or run out is the end of it.
        var candidates = await (from d in _db.Disclosures.AsNoTracking()
                                join c in _db.Cases.AsNoTracking() on d.CaseId equals c.Id
                                where d.EndedAt == null
                                      && (c.Status != CaseStatuses.Open
                                          || !c.Participants.Any(p => p.AuthorityId == d.RecipientAuthorityId)
                                          || _db.Consents.Any(k => (k.Id == d.ConsentId || _db.DisclosureConsents.Any(dc => dc.DisclosureId == d.Id && dc.ConsentId == k.Id))
                                                                  && (k.WithdrawnAt != null || k.ValidTo <= now)))
                                orderby d.DecidedAt
                                select new { d.Id, d.SenderAuthorityId }).Take(500).ToListAsync(ct);

        int ended = 0, refused = 0;
        var actors = new Dictionary<Guid, ProcessContext>();
        foreach (var candidate in candidates)
        {
            if (!actors.TryGetValue(candidate.SenderAuthorityId, out var context))
                actors[candidate.SenderAuthorityId] = context = await _system.ForAuthorityAsync(candidate.SenderAuthorityId, ct);
            try
            {
                if (await EndAsync(context, candidate.Id, ct)) ended++;
            }
            catch (AccessDeniedException)
            {
                refused++; // the deny is audited; the share stays as it is until the policies say otherwise
            }
        }

        return new NeedToKnowResult(ended, refused);
    }

    private async Task<bool> EndAsync(ProcessContext context, Guid disclosureId, CancellationToken ct)
    {
        // The share as the sending authority's: its sender owns the decision to end it (JOB-END-*), with its recipient,
        // ground and the composed consents it rests on, all from the PIP.
        var request = AccessRequest.Write(context, Actions.DisclosureEnd, new AccessTarget.Disclosure(disclosureId)) with
        {
            Describe = (r, f) =>
            {
                var d = f.Disclosure!;
                r.Set(PolicyAttributes.ResourceType, ResourceTypes.Disclosure)
                    .Set(PolicyAttributes.ResourceId, d.Id.ToString())
                    .Set(PolicyAttributes.ResourceOwnerAuthorityId, d.SenderAuthorityId.ToString())
                    .Set(PolicyAttributes.DisclosureRecipientAuthorityId, d.RecipientAuthorityId.ToString())
                    .Set(PolicyAttributes.DisclosureGround, d.Ground);
                return f.Consent is { } consent ? r.DescribeConsent(consent) : r;
            },
        };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        var share = await _db.Disclosures.SingleAsync(d => d.Id == disclosureId, ct);
        if (share.EndedAt is not null) return false; // ended meanwhile (withdrawal, another run): no entry
        var decision = grant.Decision!;
        await grant.WriteAsync(async () =>
        {
            share.EndedAt = _clock.GetUtcNow().UtcDateTime;
            share.EndReason = decision.RuleIds.Select(r => Reasons.GetValueOrDefault(r)).FirstOrDefault(r => r is not null) ?? "behovet har upphört";
            if (!share.PendingSecondApproval)
                await _notifier.ToAuthorityAsync(share.RecipientAuthorityId, NotificationKinds.DisclosureEnded, share.CaseId, share.Id,
                    $"disclosure.ended:{share.Id}", ct);
        }, ct);
        return true;
    }
}
