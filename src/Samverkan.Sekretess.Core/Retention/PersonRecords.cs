using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>What keeps a person's name and personnummer (SoL 12 kap. 1 §: not thinned while other data on the person remain).</summary>
internal static class PersonRecords
{
    /// <summary>
    /// Whether anything about the person remains: a record in a case about them, an item in anyone's case that names them
    /// (the mother in her son's case), or a consent of theirs that is not thinned.
    /// </summary>
    public static async Task<bool> RemainAsync(SekretessDbContext db, Guid personId, CancellationToken ct)
    {
        var cases = db.Cases.Where(c => c.SubjectPersonId == personId).Select(c => c.Id);
        var thinnedConsents = db.ThinningTombstones.Where(t => t.ResourceType == RetentionRecordTypes.Consent).Select(t => t.ResourceId);
        return await db.InformationItems.AnyAsync(i => cases.Contains(i.CaseId), ct)
            || await db.ItemSubjects.AnyAsync(s => s.PersonId == personId, ct)
            || await db.ActionPlanEntries.AnyAsync(e => cases.Contains(e.CaseId), ct)
            || await db.Disclosures.AnyAsync(d => cases.Contains(d.CaseId), ct)
            || await db.Consents.AnyAsync(c => c.SubjectPersonId == personId && !thinnedConsents.Contains(c.Id), ct);
    }

    /// <summary>An open case about the person, or an active gallringsstopp on them or on one of their cases.</summary>
    public static async Task<bool> OnHoldAsync(SekretessDbContext db, Guid personId, CancellationToken ct)
    {
        var caseIds = db.Cases.Where(c => c.SubjectPersonId == personId).Select(c => c.Id);
        return await db.Cases.AnyAsync(c => c.SubjectPersonId == personId && c.Status == CaseStatuses.Open, ct)
            || await db.LegalHolds.AnyAsync(h => h.LiftedAt == null && (h.PersonId == personId || (h.CaseId != null && caseIds.Contains(h.CaseId.Value))), ct);
    }
}
