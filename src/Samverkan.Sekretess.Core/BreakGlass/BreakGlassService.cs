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
    private readonly FieldProtector _fields;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;
    private readonly BreakGlassOptions _options;

    internal BreakGlassService(SekretessDbContext db, AccessGateway gateway, FieldProtector fields, Notifier notifier, TimeProvider clock,
        IOptions<BreakGlassOptions> options)
    {
        _db = db;
        _gateway = gateway;
        _fields = fields;
        _notifier = notifier;
        _clock = clock;
        _options = options.Value;
    }

    public async Task<Guid> StartAsync(ProcessContext context, Guid caseId, string? reason, bool acuteDanger, CancellationToken ct)
    {
        var text = (reason ?? "").Trim();
        // Starting tells others at once (notify-owner, notify-dpo): a write whose duties are notices.
        var request = AccessRequest.Write(context, Actions.BreakglassStart, new AccessTarget.Case(caseId, ResourceTypes.BreakGlass)) with
        {
            Describe = (r, _) => r.Set(PolicyAttributes.ContextAcuteDanger, acuteDanger).Set(PolicyAttributes.BreakGlassReasonProvided, text.Length > 0),
            Obligations = ObligationProfile.NotifyingWrite,
        };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        if (text.Length > MaxReason) throw new InvalidCommandException($"Skälet får vara högst {MaxReason} tecken.");
        var now = _clock.GetUtcNow().UtcDateTime;
        var open = await _db.BreakGlassSessions.AsNoTracking()
            .Where(s => s.CaseId == caseId && s.UserId == grant.Actor.UserId && s.EndedAt == null && s.ExpiresAt > now).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        if (open is { } running) return running; // already elevated: a doubled submit starts nothing new (and leaves no entry)

        return await grant.CreateAsync(async id =>
        {
            var (actor, c) = (grant.Actor, grant.Case);
            _db.BreakGlassSessions.Add(new BreakGlassSession
            {
                Id = id, CaseId = caseId, UserId = actor.UserId, AuthorityId = actor.AuthorityId, ReasonCipher = _fields.Protect(text),
                StartedAt = now, ExpiresAt = now.AddMinutes(Math.Clamp(_options.DurationMinutes, 5, 24 * 60)),
            });
            // Every other party of the case is told, and the DPO of the user's authority, who also gets the review task.
            if (grant.Duties.NotifyOwner)
            {
                foreach (var party in c.ParticipantAuthorityIds.Where(a => a != actor.AuthorityId))
                    await _notifier.ToAuthorityAsync(party, NotificationKinds.BreakGlass, caseId, id, $"breakglass:{id}:{party}", ct);
            }

            if (grant.Duties.NotifyDpo)
                await _notifier.ToDpoAsync(actor.AuthorityId, NotificationKinds.ReviewTask, caseId, id, $"breakglass.review:{id}", ct);
            grant.Touch(id);
        }, ct);
    }

    /// <summary>Stops the caller's own elevation in the case (BTG-ST-001: only the one who started it); without one, an audited 404.</summary>
    public async Task StopAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.BreakglassStop, new AccessTarget.BreakGlassSession(null, caseId)), ct);
        await grant.WriteAsync(async () =>
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            var session = await _db.BreakGlassSessions.SingleAsync(s => s.Id == grant.Facts.BreakGlassSession!.Id, ct);
            session.EndedAt = now < session.ExpiresAt ? now : session.ExpiresAt;
        }, ct);
    }

    /// <summary>The sessions of the DPO's own authority, open reviews first. Reading them is itself audited.</summary>
    public async Task<IReadOnlyList<BreakGlassReviewView>> ListForReviewAsync(ProcessContext context, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.BreakglassReview, new AccessTarget.OwnAuthority(ResourceTypes.BreakGlass)), ct);
        return await grant.ReadAsync(async () =>
        {
            var authority = grant.Actor.AuthorityId;
            var rows = await (from s in _db.BreakGlassSessions.AsNoTracking()
                              join c in _db.Cases.AsNoTracking() on s.CaseId equals c.Id
                              join u in _db.Users.AsNoTracking() on s.UserId equals u.Id
                              where s.AuthorityId == authority
                              orderby s.ReviewedAt != null, s.StartedAt descending
                              select new
                              {
                                  s.Id, s.CaseId, c.Reference, u.DisplayName, s.StartedAt, s.ExpiresAt, s.EndedAt, s.ReasonCipher, s.ReviewedAt, s.ReviewNoteCipher,
                                  Reviewer = _db.Users.Where(r => r.Id == s.ReviewedByUserId).Select(r => r.DisplayName).FirstOrDefault(),
                                  Accesses = _db.AuditEntries.Count(e => e.CaseId == s.CaseId && e.ActorUserId == s.UserId && e.RuleIds.Contains("BTG-R-001")
                                      && e.OccurredAt >= s.StartedAt && e.OccurredAt <= s.ExpiresAt),
                              }).Take(500).ToListAsync(ct);
            grant.Touch(rows.Select(r => r.Id));
            return (IReadOnlyList<BreakGlassReviewView>)rows.Select(r => new BreakGlassReviewView(r.Id, r.CaseId, r.Reference, r.DisplayName, r.StartedAt, r.ExpiresAt,
                r.EndedAt, _fields.Unprotect(r.ReasonCipher), r.Accesses, r.ReviewedAt, r.Reviewer,
                r.ReviewNoteCipher is null ? null : _fields.Unprotect(r.ReviewNoteCipher))).ToList();
        }, ct);
    }

    /// <summary>The DPO of the user's authority closes the review task (BTG-RV-001); an unknown or foreign session is an audited 404.</summary>
    public async Task ReviewAsync(ProcessContext context, Guid sessionId, string? note, CancellationToken ct)
    {
        var text = (note ?? "").Trim();
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.BreakglassReview, new AccessTarget.BreakGlassSession(sessionId)), ct);
        if (text.Length is 0 or > MaxReason) throw new InvalidCommandException("Skriv granskningens utfall (högst 2000 tecken).");
        if (grant.Facts.BreakGlassSession!.Reviewed) return; // reviewed already: a doubled submit changes nothing
        await grant.WriteAsync(async () =>
        {
            var session = await _db.BreakGlassSessions.SingleAsync(s => s.Id == sessionId, ct);
            session.ReviewedAt = _clock.GetUtcNow().UtcDateTime;
            session.ReviewedByUserId = grant.Actor.UserId;
            session.ReviewNoteCipher = _fields.Protect(text);
        }, ct);
    }
}
