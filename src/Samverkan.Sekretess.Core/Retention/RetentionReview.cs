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
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal RetentionReview(SekretessDbContext db, AccessGateway gateway, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _fields = fields;
        _clock = clock;
    }

    public async Task<IReadOnlyList<ThinningRunView>> ListRunsAsync(ProcessContext context, CancellationToken ct)
    {
        var request = AccessRequest.Read(context, Actions.RetentionRead, new AccessTarget.OwnAuthority(ResourceTypes.ThinningRun));
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.ReadAsync(async () =>
        {
            var own = grant.Actor.AuthorityId;
            var runs = await _db.ThinningRuns.AsNoTracking().Where(r => r.AuthorityId == own).OrderByDescending(r => r.ProposedAt)
                .Take(120).Select(r => r.Id).ToListAsync(ct);
            var views = new List<ThinningRunView>();
            foreach (var id in runs) views.Add(await ViewAsync(id, ct));
            return (IReadOnlyList<ThinningRunView>)views;
        }, ct);
    }

    public async Task<ThinningRunDetails> GetRunAsync(ProcessContext context, Guid runId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.RetentionRead, new AccessTarget.ThinningRun(runId)), ct);
        return await grant.ReadAsync(async () =>
        {
            var view = await ViewAsync(runId, ct);
            var candidates = await _db.ThinningCandidates.AsNoTracking().Where(c => c.RunId == runId)
                .OrderBy(c => c.CaseReference).ThenBy(c => c.ResourceType).ThenBy(c => c.ResourceId)
                .Select(c => new ThinningCandidateView(c.ResourceType, c.ResourceId, c.Document, c.ClassId, c.CaseReference, c.EligibleAt, c.DueBy,
                    c.Disposition, c.State, c.DoneAt)).ToListAsync(ct);
            return new ThinningRunDetails(view, candidates);
        }, ct);
    }

    /// <summary>Approves or rejects a proposed list. A rejection needs a note (why); nothing is ever thinned from a rejected list.</summary>
    public async Task<RetentionResult> DecideAsync(ProcessContext context, Guid runId, bool approve, string? note, CancellationToken ct)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var target = new AccessTarget.ThinningRun(runId);
        if (!approve && note is null)
        {
            // The attempt is decided and recorded like a read of the list (it showed the list again); nothing changes.
            await using var attempt = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.RetentionDecide, target), ct);
            return await attempt.ReadAsync(() => Task.FromResult(RetentionResult.Fail("Skriv varför listan avslås.")), ct);
        }

        if (note is { Length: > 2000 }) return RetentionResult.Fail("Anteckningen får vara högst 2000 tecken.");
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.RetentionDecide, target), ct);
        return await grant.WriteAsync(async () =>
        {
            var run = await _db.ThinningRuns.SingleAsync(r => r.Id == runId, ct);
            run.Status = approve ? ThinningRunStatuses.Approved : ThinningRunStatuses.Rejected;
            run.DecidedAt = _clock.GetUtcNow().UtcDateTime;
            run.DecidedByUserId = grant.Actor.UserId;
            run.DecisionNoteCipher = note is null ? null : _fields.Protect(note);
            return RetentionResult.Ok(runId);
        }, ct);
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
