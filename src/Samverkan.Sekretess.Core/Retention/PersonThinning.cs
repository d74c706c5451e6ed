using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>
/// After records are thinned: a person about whom nothing remains in any case (no item, plan entry, disclosure record
/// or unthinned consent), with no open case and no hold, loses name, personnummer (and its blind index), exact birth
/// date (kept as 1 January of the year, for age-group statistics) and recorded guardians. The case frame stays, pointing
/// at a person row with no personal data. Acts as the lead authority's system account (JOB-RET-004), one person per
/// transaction; a person already thinned is skipped, so a rerun changes nothing.
/// </summary>
internal sealed class PersonThinning(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, SystemActors system,
    FieldProtector fields, TimeProvider clock)
{
    public const string IndexPrefix = "gallrad:";
    public const string ThinnedName = "(gallrad)";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var candidates = await db.ThinningCandidates.AsNoTracking()
            .Where(c => c.State == CandidateStates.Thinned || c.State == CandidateStates.Delivered)
            .Select(c => c.PersonId).Distinct()
            .Where(id => db.Persons.Any(p => p.Id == id && !p.PersonalNumberIndex.StartsWith(IndexPrefix)))
            .ToListAsync(ct);
        var thinned = 0;
        foreach (var personId in candidates)
        {
            if (await HasRecordsAsync(personId, ct)) continue; // the usual case: other authorities' records remain
            try
            {
                if (await ThinAsync(personId, ct)) thinned++;
            }
            catch (AccessDeniedException)
            {
                // Audited; the person stays as is.
            }
        }

        return thinned;
    }

    private async Task<bool> HasRecordsAsync(Guid personId, CancellationToken ct)
    {
        var cases = db.Cases.Where(c => c.SubjectPersonId == personId).Select(c => c.Id);
        var thinnedConsents = db.ThinningTombstones.Where(t => t.ResourceType == RetentionRecordTypes.Consent).Select(t => t.ResourceId);
        return await db.InformationItems.AnyAsync(i => cases.Contains(i.CaseId), ct)
            || await db.ActionPlanEntries.AnyAsync(e => cases.Contains(e.CaseId), ct)
            || await db.Disclosures.AnyAsync(d => cases.Contains(d.CaseId), ct)
            || await db.Consents.AnyAsync(c => c.SubjectPersonId == personId && !thinnedConsents.Contains(c.Id), ct);
    }

    private async Task<bool> ThinAsync(Guid personId, CancellationToken ct)
    {
        var latestCase = await db.Cases.AsNoTracking().Where(c => c.SubjectPersonId == personId).OrderByDescending(c => c.CreatedAt)
            .Select(c => new { c.Id, c.LeadAuthorityId }).FirstOrDefaultAsync(ct);
        if (latestCase is null) return false;
        var context = await system.ForAuthorityAsync(latestCase.LeadAuthorityId, ct);
        db.ChangeTracker.Clear();
        await using var tx = await gateway.BeginAsync(ct);
        var person = await db.Persons.SingleAsync(p => p.Id == personId, ct);
        if (person.PersonalNumberIndex.StartsWith(IndexPrefix, StringComparison.Ordinal)) return false;
        var actor = await resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft("person.thin", "person", personId.ToString(), latestCase.LeadAuthorityId, latestCase.Id, personId);
        var attributes = await resolver.ResolveCaseAsync(latestCase.Id, ct);
        if (attributes is null) throw await gateway.DenyAsync(actor, context, draft, null, ct);
        var caseIds = db.Cases.Where(c => c.SubjectPersonId == personId).Select(c => c.Id);
        var onHold = await db.Cases.AnyAsync(c => c.SubjectPersonId == personId && c.Status == CaseStatuses.Open, ct)
            || await db.LegalHolds.AnyAsync(h => h.LiftedAt == null && (h.PersonId == personId || (h.CaseId != null && caseIds.Contains(h.CaseId.Value))), ct);
        var decision = gateway.Decide(gateway.NewRequest(actor, context, "person.thin").DescribeCase(attributes)
            .Set("resource.type", "person").Set("resource.id", personId.ToString())
            .Set("retention.personHasRecords", await HasRecordsAsync(personId, ct))
            .Set("retention.onHold", onHold));
        if (!decision.IsPermit) throw await gateway.DenyAsync(actor, context, draft, decision, ct);

        person.NameCipher = fields.Protect(ThinnedName);
        person.PersonalNumberCipher = fields.Protect(ThinnedName);
        person.PersonalNumberIndex = IndexPrefix + person.Id.ToString("N");
        person.BirthDate = new DateOnly(person.BirthDate.Year, 1, 1);
        db.Guardians.RemoveRange(await db.Guardians.Where(g => g.ChildPersonId == personId).ToListAsync(ct));
        db.ThinningTombstones.Add(new ThinningTombstone
        {
            Id = Guid.NewGuid(), ResourceType = "person", ResourceId = personId, Document = "person", OwnerAuthorityId = latestCase.LeadAuthorityId,
            CaseId = latestCase.Id, RunId = Guid.Empty, Disposition = Dispositions.Thin, DecisionReference = "Inga uppgifter om personen finns kvar",
            ThinnedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        await gateway.AuditPermitAsync(actor, context, draft, decision, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
