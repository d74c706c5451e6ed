using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.BreakGlass;

/// <summary>
/// Nödåtkomst: start (decided by BTG-S-001, reason required, owners and DPO told at once, review task opened),
/// stop (BTG-ST-001), and the DPO's review (BTG-RV-001). Reads during the elevation are decided item by item by
/// BTG-R-001 in <see cref="CaseReads"/>; each is in the audit log under that rule.
/// </summary>
public sealed class BreakGlassService
{
    private const int MaxReason = 2000;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly CaseAccess _access;
    private readonly FieldProtector _fields;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;
    private readonly BreakGlassOptions _options;

    internal BreakGlassService(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, CaseAccess access, FieldProtector fields,
        Notifier notifier, TimeProvider clock, IOptions<BreakGlassOptions> options)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _access = access;
        _fields = fields;
        _notifier = notifier;
        _clock = clock;
        _options = options.Value;
    }

    public async Task<Guid> StartAsync(ProcessContext context, Guid caseId, string? reason, bool acuteDanger, CancellationToken ct)
    {
        var text = (reason ?? "").Trim();
        await using var tx = await _gateway.BeginAsync(ct);
        var grant = await _access.AuthorizeAsync(context, caseId, "breakglass.start", "break_glass",
            (r, _, _) => r.Set("resource.type", "break_glass").Set("context.acuteDanger", acuteDanger).Set("breakGlass.reasonProvided", text.Length > 0), ct);
        if (text.Length > MaxReason) throw new InvalidCommandException($"Skälet får vara högst {MaxReason} tecken.");
        var now = _clock.GetUtcNow().UtcDateTime;
        var open = await _db.BreakGlassSessions.FirstOrDefaultAsync(s => s.CaseId == caseId && s.UserId == grant.Actor.UserId && s.EndedAt == null && s.ExpiresAt > now, ct);
        if (open is not null) return open.Id; // already elevated: a doubled submit starts nothing new

        var id = Guid.NewGuid();
        _db.BreakGlassSessions.Add(new BreakGlassSession
        {
            Id = id, CaseId = caseId, UserId = grant.Actor.UserId, AuthorityId = grant.Actor.AuthorityId, ReasonCipher = _fields.Protect(text),
            StartedAt = now, ExpiresAt = now.AddMinutes(Math.Clamp(_options.DurationMinutes, 5, 24 * 60)),
        });
        // Obligations notify-owner and notify-dpo: every other party of the case, and the DPO, who also gets the review task.
        foreach (var o in grant.Decision.Obligations)
        {
            switch (o.Kind)
            {
                case "notify-owner":
                    foreach (var party in grant.Case.ParticipantAuthorityIds.Where(a => a != grant.Actor.AuthorityId))
                        await _notifier.ToAuthorityAsync(party, NotificationKinds.BreakGlass, caseId, id, $"breakglass:{id}:{party}", ct);
                    break;
                case "notify-dpo":
                    await _notifier.ToDpoAsync(grant.Actor.AuthorityId, NotificationKinds.ReviewTask, caseId, id, $"breakglass.review:{id}", ct);
                    break;
                default:
                    throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft, grant.Decision, ct);
            }
        }

        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(grant.Actor, context, grant.Draft with { ResourceType = "break_glass", ResourceId = id.ToString(), RelatedIds = [id] }, grant.Decision, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task StopAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var now = _clock.GetUtcNow().UtcDateTime;
        var session = await _db.BreakGlassSessions.FirstOrDefaultAsync(s => s.CaseId == caseId && s.UserId == actor.UserId && s.EndedAt == null, ct);
        var draft = new AuditDraft("breakglass.stop", "break_glass", session?.Id.ToString(), actor.IsKnown ? actor.AuthorityId : null, caseId);
        var decision = _gateway.Decide(_gateway.NewRequest(actor, context, "breakglass.stop").Set("resource.type", "break_glass")
            .Set("breakGlass.userId", session?.UserId ?? ""));
        if (session is null || !decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);
        session.EndedAt = now < session.ExpiresAt ? now : session.ExpiresAt;
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft with { RelatedIds = [session.Id] }, decision, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The sessions of the DPO's own authority, open reviews first. Reading them is itself audited.</summary>
    public async Task<IReadOnlyList<BreakGlassReviewView>> ListForReviewAsync(ProcessContext context, CancellationToken ct)
    {
        var (actor, decision, draft) = await AuthorizeReviewAsync(context, null, ct);
        var rows = await (from s in _db.BreakGlassSessions.AsNoTracking()
                          join c in _db.Cases.AsNoTracking() on s.CaseId equals c.Id
                          join u in _db.Users.AsNoTracking() on s.UserId equals u.Id
                          where s.AuthorityId == actor.AuthorityId
                          orderby s.ReviewedAt != null, s.StartedAt descending
                          select new
                          {
                              s.Id, s.CaseId, c.Reference, u.DisplayName, s.StartedAt, s.ExpiresAt, s.EndedAt, s.ReasonCipher, s.ReviewedAt, s.ReviewNoteCipher,
                              Reviewer = _db.Users.Where(r => r.Id == s.ReviewedByUserId).Select(r => r.DisplayName).FirstOrDefault(),
                              Accesses = _db.AuditEntries.Count(e => e.CaseId == s.CaseId && e.ActorUserId == s.UserId && e.RuleIds.Contains("BTG-R-001")
                                  && e.OccurredAt >= s.StartedAt && e.OccurredAt <= s.ExpiresAt),
                          }).Take(500).ToListAsync(ct);
        await _gateway.AuditReadAsync(actor, context, draft with { RelatedIds = rows.Select(r => r.Id).ToList() }, decision, ct);
        return rows.Select(r => new BreakGlassReviewView(r.Id, r.CaseId, r.Reference, r.DisplayName, r.StartedAt, r.ExpiresAt, r.EndedAt,
            _fields.Unprotect(r.ReasonCipher), r.Accesses, r.ReviewedAt, r.Reviewer, r.ReviewNoteCipher is null ? null : _fields.Unprotect(r.ReviewNoteCipher))).ToList();
    }

    public async Task ReviewAsync(ProcessContext context, Guid sessionId, string? note, CancellationToken ct)
    {
        var text = (note ?? "").Trim();
        await using var tx = await _gateway.BeginAsync(ct);
        var session = await _db.BreakGlassSessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        var (actor, decision, draft) = await AuthorizeReviewAsync(context, session, ct);
        if (text.Length is 0 or > MaxReason) throw new InvalidCommandException("Skriv granskningens utfall (högst 2000 tecken).");
        if (session!.ReviewedAt is not null) return;
        session.ReviewedAt = _clock.GetUtcNow().UtcDateTime;
        session.ReviewedByUserId = actor.UserId;
        session.ReviewNoteCipher = _fields.Protect(text);
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft with { ResourceId = sessionId.ToString(), CaseId = session.CaseId, RelatedIds = [sessionId] }, decision, ct);
        await tx.CommitAsync(ct);
    }

    private async Task<(Actor, Policy.Decision, AuditDraft)> AuthorizeReviewAsync(ProcessContext context, BreakGlassSession? session, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var owner = session?.AuthorityId ?? actor.AuthorityId;
        var draft = new AuditDraft("breakglass.review", "break_glass", session?.Id.ToString(), owner == Guid.Empty ? null : owner, session?.CaseId);
        var decision = _gateway.Decide(_gateway.NewRequest(actor, context, "breakglass.review").Set("resource.type", "break_glass")
            .Set("resource.ownerAuthorityId", owner.ToString()));
        if (!decision.IsPermit || (session is null && context.UserId is null)) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);
        return (actor, decision, draft);
    }
}
