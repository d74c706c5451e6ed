using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>One record an authority holds in the collaboration space, as the plan sees it (ids and dates only).</summary>
internal sealed record RetentionRecord(string ResourceType, Guid ResourceId, string Document, Guid CaseId, Guid PersonId, string? DocumentType, DateTime LastActivity);

/// <summary>A record the plan would act on now, with the hold that stops it (null: it goes on the list).</summary>
internal sealed record RetentionAssessment(RetentionRecord Record, ThinningClass Class, string CaseReference, DateOnly EligibleAt, DateOnly? DueBy, string? Hold);

/// <summary>
/// Reads, for one authority, every record it owns here — items, plan entries, consents it documented, disclosures it
/// made (utlämnande, or anteckning where OSF 5 § applied) — and applies the plan: the person-file anchor is the
/// authority's last entry about the same person in any case (SoL: not thinned while other data on the person remain).
/// No content is read: only ids, categories and timestamps.
/// </summary>
internal sealed class RetentionInventory(SekretessDbContext db, RetentionPlan plan, FieldProtector fields)
{
    public async Task<List<RetentionAssessment>> AssessAsync(Guid authorityId, string authorityKind, DateOnly today, CancellationToken ct)
    {
        var records = new List<RetentionRecord>();
        var cases = await db.Cases.AsNoTracking()
            .Select(c => new { c.Id, c.Reference, c.Status, c.ClosedAt, c.SubjectPersonId, Takes = c.Participants.Any(p => p.AuthorityId == authorityId) || c.LeadAuthorityId == authorityId })
            .ToDictionaryAsync(c => c.Id, ct);
        Guid PersonOf(Guid caseId) => cases[caseId].SubjectPersonId;

        foreach (var i in await db.InformationItems.AsNoTracking().Where(i => i.OwnerAuthorityId == authorityId)
                     .Select(i => new { i.Id, i.CaseId, i.Category, i.DocumentType, i.CreatedAt, i.UpdatedAt }).ToListAsync(ct))
            records.Add(new(RetentionRecordTypes.Item, i.Id, i.Category, i.CaseId, PersonOf(i.CaseId), i.DocumentType, i.UpdatedAt ?? i.CreatedAt));
        foreach (var e in await db.ActionPlanEntries.AsNoTracking().Where(e => e.OwnerAuthorityId == authorityId)
                     .Select(e => new { e.Id, e.CaseId, e.CreatedAt }).ToListAsync(ct))
            records.Add(new(RetentionRecordTypes.ActionPlan, e.Id, ItemCategories.ActionPlan, e.CaseId, PersonOf(e.CaseId), null, e.CreatedAt));
        var thinnedConsents = db.ThinningTombstones.Where(t => t.ResourceType == RetentionRecordTypes.Consent).Select(t => t.ResourceId);
        foreach (var c in await db.Consents.AsNoTracking().Where(c => c.RecordedByAuthorityId == authorityId && !thinnedConsents.Contains(c.Id))
                     .Select(c => new { c.Id, c.CaseId, c.SubjectPersonId, c.RecordedAt, c.WithdrawnAt, c.LapsedAt }).ToListAsync(ct))
            records.Add(new(RetentionRecordTypes.Consent, c.Id, RetentionPlan.ConsentDocument, c.CaseId, c.SubjectPersonId, null,
                new[] { c.RecordedAt, c.WithdrawnAt ?? DateTime.MinValue, c.LapsedAt ?? DateTime.MinValue }.Max()));
        foreach (var d in await db.Disclosures.AsNoTracking().Where(d => d.SenderAuthorityId == authorityId)
                     .Select(d => new { d.Id, d.CaseId, d.DecidedAt, d.EndedAt, d.AnteckningRequired }).ToListAsync(ct))
            records.Add(new(RetentionRecordTypes.Disclosure, d.Id, d.AnteckningRequired ? RetentionPlan.AnteckningDocument : RetentionPlan.DisclosureDocument,
                d.CaseId, PersonOf(d.CaseId), null, d.EndedAt ?? d.DecidedAt));

        // The person file: the authority's last entry about the person in any case, and whether any of those cases is open.
        var lastEntry = records.GroupBy(r => r.PersonId).ToDictionary(g => g.Key, g => g.Max(r => r.LastActivity));
        foreach (var c in cases.Values.Where(c => c.Takes && c.ClosedAt is not null))
            if (lastEntry.TryGetValue(c.SubjectPersonId, out var last) && c.ClosedAt > last) lastEntry[c.SubjectPersonId] = c.ClosedAt!.Value;
        var openPersons = cases.Values.Where(c => c.Status == CaseStatuses.Open && c.Takes).Select(c => c.SubjectPersonId).ToHashSet();
        var personIds = records.Select(r => r.PersonId).Distinct().ToList();
        var births = (await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).Select(p => new { p.Id, p.PersonalNumberCipher, p.BirthYear }).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => PersonBirth.Of(fields, p.PersonalNumberCipher, p.BirthYear));
        var holds = await db.LegalHolds.AsNoTracking().Where(h => h.AuthorityId == authorityId && h.LiftedAt == null)
            .Select(h => new { h.CaseId, h.PersonId }).ToListAsync(ct);
        var heldCases = holds.Where(h => h.CaseId is not null).Select(h => h.CaseId!.Value).ToHashSet();
        var heldPersons = holds.Where(h => h.PersonId is not null).Select(h => h.PersonId!.Value).ToHashSet();

        var result = new List<RetentionAssessment>();
        foreach (var r in records)
        {
            if (plan.ClassFor(authorityKind, r.Document) is not { } cls) continue; // no class: kept
            var c = cases[r.CaseId];
            var anchor = cls.From == RetentionPlan.CaseClosed ? c.ClosedAt : lastEntry[r.PersonId];
            if (anchor is null) anchor = lastEntry[r.PersonId]; // a case with no closing date: the last entry
            var (eligible, due) = cls.Eligibility(DateOnly.FromDateTime(anchor.Value));
            if (eligible > today) continue;
            var facts = new HoldFacts(openPersons.Contains(r.PersonId) || c.Status == CaseStatuses.Open,
                heldCases.Contains(r.CaseId) || heldPersons.Contains(r.PersonId), births[r.PersonId], r.DocumentType);
            result.Add(new RetentionAssessment(r, cls, c.Reference, eligible, due, Holds.Reason(facts, cls, plan)));
        }

        return result;
    }
}
