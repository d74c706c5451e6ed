using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Retention;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>The archive targets: thinning lists, the records on them, gallringsstopp and a person's own data.</summary>
internal sealed partial class AttributeResolver
{
    private Task<ThinningRunFacts?> ResolveThinningRunAsync(Guid runId, CancellationToken ct) =>
        db.ThinningRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => new ThinningRunFacts(r.Id, r.AuthorityId, r.Status)).FirstOrDefaultAsync(ct);

    /// <summary>
    /// A listed record with its list, its owner (from the record itself, not the list), its case and the hold facts. Null when
    /// the list row, the record or the case is gone: nothing can be decided about a record that is not there.
    /// </summary>
    private async Task<AccessFacts?> ResolveListedRecordAsync(AccessFacts facts, Guid candidateId, CancellationToken ct)
    {
        var cand = await db.ThinningCandidates.AsNoTracking().Where(c => c.Id == candidateId)
            .Select(c => new { c.RunId, c.ResourceType, c.ResourceId, c.Document, c.Disposition, c.State, c.CaseId, c.PersonId }).FirstOrDefaultAsync(ct);
        if (cand is null || await ResolveThinningRunAsync(cand.RunId, ct) is not { } run) return null;
        if (await RecordStore.FindAsync(db, cand.ResourceType, cand.ResourceId, ct) is not { } record) return null;
        if (await ResolveCaseAsync(cand.CaseId, ct) is not { } c) return null;
        var kind = await db.Authorities.AsNoTracking().Where(a => a.Id == record.OwnerAuthorityId).Select(a => a.Kind).SingleAsync(ct);
        var hold = await Holds.FactsAsync(db, fields, record.OwnerAuthorityId, cand.CaseId, cand.PersonId, record.DocumentType, ct);
        return facts with
        {
            Case = c,
            ListedRecord = new ListedRecordFacts(candidateId, run, cand.ResourceType, cand.ResourceId, cand.Document, cand.Disposition, cand.State,
                cand.CaseId, cand.PersonId, record.OwnerAuthorityId, kind, record.DocumentType, hold),
        };
    }

    private Task<LegalHoldFacts?> ResolveLegalHoldAsync(Guid holdId, CancellationToken ct) =>
        db.LegalHolds.AsNoTracking().Where(h => h.Id == holdId).Select(h => new LegalHoldFacts(h.Id, h.AuthorityId, h.CaseId, h.PersonId)).FirstOrDefaultAsync(ct);

    /// <summary>The person, the newest case about them (whose lead authority answers for thinning them) and what still keeps their data.</summary>
    private async Task<AccessFacts?> ResolvePersonAsync(AccessFacts facts, Guid personId, CancellationToken ct)
    {
        var latest = await db.Cases.AsNoTracking().Where(c => c.SubjectPersonId == personId).OrderByDescending(c => c.CreatedAt)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (latest is null || await ResolveCaseAsync(latest.Value, ct) is not { } c) return null;
        var retention = new PersonRetentionFacts(personId, await PersonRecords.RemainAsync(db, personId, ct), await PersonRecords.OnHoldAsync(db, personId, ct));
        return facts with { Case = c, PersonRetention = retention };
    }
}
