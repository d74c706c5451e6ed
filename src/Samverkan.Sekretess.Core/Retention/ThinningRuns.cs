using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>
/// The thinning jobs (gallring), each acting as the authority's system account through the gateway:
/// <list type="bullet">
/// <item><see cref="ProposeAsync"/> (monthly): a dry-run list per authority — ids, categories, case references, dates and
/// gallra/bevara, never content or names. Nothing is removed by proposing. One list per authority and month.</item>
/// <item><see cref="ExecuteApprovedAsync"/> (nightly): thins the lists the arkivarie approved, one record per transaction with
/// its audit entry and a non-personal tombstone; bevara records are first delivered as an archive package. Holds are
/// checked again for each record (a hold placed after approval wins). Each record has its own state, so a run that
/// failed halfway continues where it stopped and nothing is removed or delivered twice.</item>
/// </list>
/// </summary>
public sealed class ThinningRuns
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly SystemActors _system;
    private readonly RetentionPlan _plan;
    private readonly FieldProtector _fields;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ThinningRuns> _log;

    internal ThinningRuns(SekretessDbContext db, AccessGateway gateway, SystemActors system, RetentionPlan plan,
        FieldProtector fields, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<ThinningRuns> log)
    {
        _db = db;
        _gateway = gateway;
        _system = system;
        _plan = plan;
        _fields = fields;
        _options = options.Value;
        _clock = clock;
        _log = log;
    }

    /// <summary>Test seam: called after each record is done (to simulate a crash halfway). Null in the app.</summary>
    internal Func<Guid, Task>? AfterRecord { get; set; }

    /// <summary>Job entry point (monthly): proposes this month's list for every authority that has a thinning decision.</summary>
    public async Task<IReadOnlyList<Guid>> ProposeAsync(CancellationToken ct)
    {
        var authorities = await _db.Authorities.AsNoTracking().OrderBy(a => a.Code).Select(a => new { a.Id, a.Code }).ToListAsync(ct);
        var created = new List<Guid>();
        foreach (var a in authorities)
        {
            if (!_plan.Decisions.ContainsKey(a.Code)) continue; // no gallringsbeslut: nothing of theirs is ever thinned
            try
            {
                if (await ProposeForAuthorityAsync(a.Id, ct) is { } id) created.Add(id);
            }
            catch (AccessDeniedException)
            {
                // Audited as a deny; the next month asks again.
            }
        }

        return created;
    }

    /// <summary>Proposes this month's list for one authority; null when it already has one for the month or nothing is due.</summary>
    public async Task<Guid?> ProposeForAuthorityAsync(Guid authorityId, CancellationToken ct)
    {
        var authority = await _db.Authorities.AsNoTracking().SingleAsync(a => a.Id == authorityId, ct);
        if (!_plan.Decisions.TryGetValue(authority.Code, out var decisionReference)) return null;
        var now = _clock.GetUtcNow().UtcDateTime;
        var period = now.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (await _db.ThinningRuns.AnyAsync(r => r.AuthorityId == authorityId && r.Period == period, ct)) return null;

        var assessed = await new RetentionInventory(_db, _plan, _fields).AssessAsync(authorityId, authority.Kind, DateOnly.FromDateTime(now), ct);
        // A record already waiting on an earlier list that is not finished is not listed twice.
        var listed = await _db.ThinningCandidates.AsNoTracking()
            .Where(c => c.State == CandidateStates.Pending && _db.ThinningRuns.Any(r => r.Id == c.RunId && r.AuthorityId == authorityId
                && (r.Status == ThinningRunStatuses.Proposed || r.Status == ThinningRunStatuses.Approved)))
            .Select(c => c.ResourceId).ToListAsync(ct);
        var due = assessed.Where(a => a.Hold is null && !listed.Contains(a.Record.ResourceId)).ToList();
        if (due.Count == 0) return null;

        var context = await _system.ForAuthorityAsync(authorityId, ct);
        var request = AccessRequest.Write(context, Actions.RetentionPropose, new AccessTarget.OwnAuthority(ResourceTypes.ThinningRun));
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        int Held(string reason) => assessed.Count(a => a.Hold == reason);
        Guid runId;
        try
        {
            runId = await grant.CreateAsync(id =>
            {
                _db.ThinningRuns.Add(new ThinningRun
                {
                    Id = id, AuthorityId = authorityId, Period = period, Status = ThinningRunStatuses.Proposed, DecisionReference = decisionReference,
                    PlanVersion = _plan.Version, ProposedAt = now,
                    HeldOpenCase = Held(HoldReasons.OpenCase), HeldLegalHold = Held(HoldReasons.LegalHold),
                    HeldResearchSample = Held(HoldReasons.ResearchSample), HeldExemptType = Held(HoldReasons.ExemptType),
                    Candidates = due.OrderBy(a => a.CaseReference, StringComparer.Ordinal).ThenBy(a => a.Record.ResourceType, StringComparer.Ordinal).Select(a => new ThinningCandidate
                    {
                        Id = Guid.NewGuid(), RunId = id, ResourceType = a.Record.ResourceType, ResourceId = a.Record.ResourceId, Document = a.Record.Document,
                        ClassId = a.Class.Id, CaseId = a.Record.CaseId, CaseReference = a.CaseReference, PersonId = a.Record.PersonId,
                        EligibleAt = a.EligibleAt, DueBy = a.DueBy, Disposition = a.Class.Disposition,
                    }).ToList(),
                });
                grant.Touch(due.Select(d => d.Record.ResourceId).Take(200));
                return Task.CompletedTask;
            }, ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another instance proposed the same authority's month at the same moment (unique index): keep theirs.
            return null;
        }

        _log.LogInformation("Gallringslista {RunId} föreslagen för myndighet {AuthorityId}: {Count} poster", runId, authorityId, due.Count);
        return runId;
    }

    /// <summary>
    /// Job entry point (nightly): thins or delivers every pending record of every approved list, then removes the names
    /// and personnummer of persons about whom nothing remains. Returns the number of records thinned or delivered.
    /// </summary>
    public async Task<int> ExecuteApprovedAsync(CancellationToken ct)
    {
        var runs = await _db.ThinningRuns.AsNoTracking().Where(r => r.Status == ThinningRunStatuses.Approved)
            .OrderBy(r => r.DecidedAt).Select(r => new { r.Id, r.AuthorityId }).ToListAsync(ct);
        var done = 0;
        foreach (var run in runs)
        {
            var context = await _system.ForAuthorityAsync(run.AuthorityId, ct);
            var pending = await _db.ThinningCandidates.AsNoTracking().Where(c => c.RunId == run.Id && c.State == CandidateStates.Pending)
                .Select(c => new { c.Id, c.ResourceType, c.Disposition }).ToListAsync(ct);
            // Disclosure records first, consents last: a consent row is only deleted when no disclosure points at it.
            foreach (var c in pending.OrderBy(c => Order(c.ResourceType)))
            {
                ct.ThrowIfCancellationRequested();
                if (c.Disposition == Dispositions.Keep && string.IsNullOrWhiteSpace(_options.ArchiveDirectory)) continue; // no archive: keep waiting
                try
                {
                    if (await ExecuteOneAsync(context, c.Id, ct) is CandidateStates.Thinned or CandidateStates.Delivered) done++;
                }
                catch (AccessDeniedException)
                {
                    // Audited; the record stays as it is.
                }

                if (AfterRecord is { } hook) await hook(c.Id);
            }

            await CloseIfDoneAsync(run.Id, ct);
        }

        await new PersonThinning(_db, _gateway, _system, _fields, _clock).RunAsync(ct);
        return done;
    }

    private static int Order(string type) => type switch
    {
        RetentionRecordTypes.Disclosure => 0, RetentionRecordTypes.Item => 1, RetentionRecordTypes.ActionPlan => 2, _ => 3,
    };

    private async Task CloseIfDoneAsync(Guid runId, CancellationToken ct)
    {
        if (await _db.ThinningCandidates.AnyAsync(c => c.RunId == runId && c.State == CandidateStates.Pending, ct)) return;
        var run = await _db.ThinningRuns.SingleAsync(r => r.Id == runId, ct);
        if (run.Status != ThinningRunStatuses.Approved) return;
        run.Status = ThinningRunStatuses.Executed;
        run.ExecutedAt = _clock.GetUtcNow().UtcDateTime;
        await _db.SaveChangesAsync(ct);
        _db.ChangeTracker.Clear();
    }

    /// <summary>
    /// One record, one grant (one transaction): decide on the facts the PIP reads in the grant's snapshot, with the plan's
    /// verdict on the holds, then (deliver,) remove, tombstone and the entry. A list row done by an earlier attempt is
    /// skipped, and one whose record is gone is marked so: list bookkeeping, no access and no entry.
    /// </summary>
    private async Task<string?> ExecuteOneAsync(ProcessContext context, Guid candidateId, CancellationToken ct)
    {
        _db.ChangeTracker.Clear();
        var pending = await _db.ThinningCandidates.AsNoTracking().Where(c => c.Id == candidateId)
            .Select(c => new { c.State, c.ResourceType, c.ResourceId, c.Disposition }).SingleAsync(ct);
        if (pending.State != CandidateStates.Pending) return null; // done by an earlier attempt
        var now = _clock.GetUtcNow().UtcDateTime;
        if (await RecordStore.FindAsync(_db, pending.ResourceType, pending.ResourceId, ct) is null
            || await _db.ThinningTombstones.AnyAsync(t => t.ResourceId == pending.ResourceId, ct))
            return await MarkAsync(candidateId, CandidateStates.Gone, now, ct);

        var action = pending.Disposition == Dispositions.Keep ? Actions.RetentionDeliver : Actions.RetentionThin;
        string? hold = null;
        var request = AccessRequest.Write(context, action, new AccessTarget.ThinningCandidate(candidateId)) with
        {
            // The plan's verdict on the hold facts of this snapshot (a hold placed after the archivist's approval wins).
            Describe = (r, f) => r.Set(PolicyAttributes.RetentionOnHold, (hold = HoldOf(f.ListedRecord!)) is not null),
        };
        AccessGateway.Grant grant;
        try
        {
            grant = await _gateway.AuthorizeAsync(request, ct);
        }
        catch (AccessDeniedException) when (hold is not null)
        {
            // The hold is the reason (the deny is audited): record it on the list (no content changes), so the archivist sees why.
            return await MarkAsync(candidateId, CandidateStates.Held, now, ct);
        }

        await using (grant)
        {
            var listed = grant.Facts.ListedRecord!;
            if (listed.State != CandidateStates.Pending) return null; // done by another attempt meanwhile
            return await grant.WriteAsync(async () =>
            {
                var cand = await _db.ThinningCandidates.SingleAsync(c => c.Id == candidateId, ct);
                var run = await _db.ThinningRuns.AsNoTracking().SingleAsync(r => r.Id == cand.RunId, ct);
                if (cand.Disposition == Dispositions.Keep)
                {
                    var archived = await new ArchiveRecords(_db, _fields).BuildAsync(cand, run, new StoredRecord(listed.OwnerAuthorityId, listed.DocumentType), ct);
                    var (path, sha) = ArchivePackageWriter.Write(_options.ArchiveDirectory!, archived, now);
                    cand.ArchivePath = path;
                    cand.ArchiveSha256 = sha;
                }

                await RecordStore.RemoveAsync(_db, cand.ResourceType, cand.ResourceId, ct);
                _db.ThinningTombstones.Add(new ThinningTombstone
                {
                    Id = Guid.NewGuid(), ResourceType = cand.ResourceType, ResourceId = cand.ResourceId, Document = cand.Document,
                    OwnerAuthorityId = listed.OwnerAuthorityId, CaseId = cand.CaseId, RunId = run.Id, Disposition = cand.Disposition,
                    DecisionReference = run.DecisionReference, ThinnedAt = now, ArchivePath = cand.ArchivePath, ArchiveSha256 = cand.ArchiveSha256,
                });
                cand.State = cand.Disposition == Dispositions.Keep ? CandidateStates.Delivered : CandidateStates.Thinned;
                cand.DoneAt = now;
                return cand.State;
            }, ct);
        }
    }

    /// <summary>The plan's hold on a listed record: the class it names now (a changed plan keeps the record), then the holds on its facts.</summary>
    private string? HoldOf(ListedRecordFacts record)
    {
        var cls = _plan.ClassFor(record.OwnerKind, record.Document);
        return cls is null || cls.Disposition != record.Disposition || record.Hold is null ? "planen_andrad" : Holds.Reason(record.Hold, cls, _plan);
    }

    private async Task<string> MarkAsync(Guid candidateId, string state, DateTime now, CancellationToken ct)
    {
        await _db.ThinningCandidates.Where(c => c.Id == candidateId && c.State == CandidateStates.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, state).SetProperty(c => c.DoneAt, now), ct);
        return state;
    }
}
