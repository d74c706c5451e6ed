using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>
/// The arkivarie's review of the own authority's thinning lists: list, open, approve or reject with a note. Every call is
/// decided (ARK-R-001, retention.read / retention.decide) and audited; anyone else gets <see cref="AccessDeniedException"/>
/// (404 in the web) after a committed deny entry. A list is decided once (ARK-F-002).
/// </summary>
public sealed class RetentionReview
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal RetentionReview(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _fields = fields;
        _clock = clock;
    }

    public async Task<IReadOnlyList<ThinningRunView>> ListRunsAsync(ProcessContext context, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft("retention.read", "thinning_run", null, actor.IsKnown ? actor.AuthorityId : null);
        var decision = Decide(actor, context, "retention.read", null, actor.IsKnown ? actor.AuthorityId : Guid.Empty, null);
        if (!actor.IsKnown || !decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);
        var runs = await _db.ThinningRuns.AsNoTracking().Where(r => r.AuthorityId == actor.AuthorityId).OrderByDescending(r => r.ProposedAt)
            .Take(120).Select(r => r.Id).ToListAsync(ct);
        var views = new List<ThinningRunView>();
        foreach (var id in runs) views.Add(await ViewAsync(id, ct));
        await _gateway.AuditReadAsync(actor, context, draft, decision, ct);
        return views;
    }

    public async Task<ThinningRunDetails> GetRunAsync(ProcessContext context, Guid runId, CancellationToken ct)
    {
        var (actor, decision, draft) = await AuthorizeAsync(context, runId, "retention.read", ct);
        var view = await ViewAsync(runId, ct);
        var candidates = await _db.ThinningCandidates.AsNoTracking().Where(c => c.RunId == runId)
            .OrderBy(c => c.CaseReference).ThenBy(c => c.ResourceType).ThenBy(c => c.ResourceId)
            .Select(c => new ThinningCandidateView(c.ResourceType, c.ResourceId, c.Document, c.ClassId, c.CaseReference, c.EligibleAt, c.DueBy,
                c.Disposition, c.State, c.DoneAt)).ToListAsync(ct);
        await _gateway.AuditReadAsync(actor, context, draft, decision, ct);
        return new ThinningRunDetails(view, candidates);
    }

    /// <summary>Approves or rejects a proposed list. A rejection needs a note (why); nothing is ever thinned from a rejected list.</summary>
    public async Task<RetentionResult> DecideAsync(ProcessContext context, Guid runId, bool approve, string? note, CancellationToken ct)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (!approve && note is null)
        {
            await AuthorizeAsync(context, runId, "retention.decide", ct, readOnly: true);
            return RetentionResult.Fail("Skriv varför listan avslås.");
        }

        if (note is { Length: > 2000 }) return RetentionResult.Fail("Anteckningen får vara högst 2000 tecken.");
        await using var tx = await _gateway.BeginAsync(ct);
        var (actor, decision, draft) = await AuthorizeAsync(context, runId, "retention.decide", ct);
        var run = await _db.ThinningRuns.SingleAsync(r => r.Id == runId, ct);
        run.Status = approve ? ThinningRunStatuses.Approved : ThinningRunStatuses.Rejected;
        run.DecidedAt = _clock.GetUtcNow().UtcDateTime;
        run.DecidedByUserId = actor.UserId;
        run.DecisionNoteCipher = note is null ? null : _fields.Protect(note);
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft, decision, ct);
        await tx.CommitAsync(ct);
        return RetentionResult.Ok(runId);
    }

    private async Task<(Actor, Policy.Decision, AuditDraft)> AuthorizeAsync(ProcessContext context, Guid runId, string action, CancellationToken ct, bool readOnly = false)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var run = await _db.ThinningRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => new { r.AuthorityId, r.Status }).FirstOrDefaultAsync(ct);
        var draft = new AuditDraft(action, "thinning_run", runId.ToString(), run?.AuthorityId);
        if (run is null) throw await _gateway.DenyAsync(actor, context, draft, null, ct);
        var decision = Decide(actor, context, action, runId, run.AuthorityId, run.Status);
        if (!decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);
        if (readOnly) await _gateway.AuditReadAsync(actor, context, draft, decision, ct);
        return (actor, decision, draft);
    }

    private Policy.Decision Decide(Actor actor, ProcessContext context, string action, Guid? runId, Guid ownerAuthorityId, string? status)
    {
        var request = _gateway.NewRequest(actor, context, action).Set("resource.type", "thinning_run")
            .Set("resource.ownerAuthorityId", ownerAuthorityId.ToString())
            .Set("retention.runStatus", status ?? ThinningRunStatuses.Proposed);
        if (runId is { } id) request.Set("resource.id", id.ToString());
        return _gateway.Decide(request);
    }

    private async Task<ThinningRunView> ViewAsync(Guid runId, CancellationToken ct)
    {
        var r = await _db.ThinningRuns.AsNoTracking().SingleAsync(x => x.Id == runId, ct);
        var counts = await _db.ThinningCandidates.AsNoTracking().Where(c => c.RunId == runId)
            .GroupBy(c => new { c.Disposition, Done = c.State != CandidateStates.Pending }).Select(g => new { g.Key.Disposition, g.Key.Done, N = g.Count() }).ToListAsync(ct);
        var decidedBy = r.DecidedByUserId is null ? null : await _db.Users.AsNoTracking().Where(u => u.Id == r.DecidedByUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return new ThinningRunView(r.Id, r.Period, r.Status, r.DecisionReference, r.PlanVersion, r.ProposedAt, r.DecidedAt, decidedBy,
            r.DecisionNoteCipher is null ? null : _fields.Unprotect(r.DecisionNoteCipher), r.ExecutedAt, counts.Sum(c => c.N),
            counts.Where(c => c.Disposition == Dispositions.Thin).Sum(c => c.N), counts.Where(c => c.Disposition == Dispositions.Keep).Sum(c => c.N),
            counts.Where(c => c.Done).Sum(c => c.N), r.HeldOpenCase, r.HeldLegalHold, r.HeldResearchSample, r.HeldExemptType);
    }
}
