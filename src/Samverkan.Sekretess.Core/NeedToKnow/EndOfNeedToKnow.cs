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
    private readonly AttributeResolver _resolver;
    private readonly SystemActors _system;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    internal EndOfNeedToKnow(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, SystemActors system, Notifier notifier, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _system = system;
        _notifier = notifier;
        _clock = clock;
    }

    public async Task<NeedToKnowResult> RunAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var candidates = await (from d in _db.Disclosures.AsNoTracking()
                                join c in _db.Cases.AsNoTracking() on d.CaseId equals c.Id
                                join k in _db.Consents.AsNoTracking() on d.ConsentId equals (Guid?)k.Id into consents
                                from k in consents.DefaultIfEmpty()
                                where d.EndedAt == null
                                      && (c.Status != CaseStatuses.Open
                                          || !c.Participants.Any(p => p.AuthorityId == d.RecipientAuthorityId)
                                          || (k != null && (k.WithdrawnAt != null || k.ValidTo <= now)))
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
        await using var tx = await _gateway.BeginAsync(ct);
        var share = await _db.Disclosures.SingleAsync(d => d.Id == disclosureId, ct);
        if (share.EndedAt is not null) return false; // ended meanwhile (withdrawal, another run)

        var actor = await _resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft("disclosure.end", "disclosure", share.Id.ToString(), share.SenderAuthorityId, share.CaseId,
            RelatedIds: [share.ResourceId]);
        var attributes = await _resolver.ResolveCaseAsync(share.CaseId, ct);
        if (attributes is null) throw await _gateway.DenyAsync(actor, context, draft, null, ct);
        draft = draft with { PersonId = attributes.SubjectPersonId };

        var request = _gateway.NewRequest(actor, context, "disclosure.end").DescribeCase(attributes)
            .Set("resource.type", "disclosure")
            .Set("resource.id", share.Id.ToString())
            .Set("resource.ownerAuthorityId", share.SenderAuthorityId.ToString())
            .Set("resource.category", share.Category)
            .Set("disclosure.recipientAuthorityId", share.RecipientAuthorityId.ToString())
            .Set("disclosure.ground", share.Ground);
        if (share.ConsentId is { } consentId && await _resolver.ResolveConsentAsync(consentId, ct) is { } consent)
            request.DescribeConsent(consent);
        var decision = _gateway.Decide(request);
        if (!decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);

        share.EndedAt = _clock.GetUtcNow().UtcDateTime;
        share.EndReason = decision.RuleIds.Select(r => Reasons.GetValueOrDefault(r)).FirstOrDefault(r => r is not null) ?? "behovet har upphört";
        if (!share.PendingSecondApproval)
            await _notifier.ToAuthorityAsync(share.RecipientAuthorityId, NotificationKinds.DisclosureEnded, share.CaseId, share.Id,
                $"disclosure.ended:{share.Id}", ct);
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft, decision, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
