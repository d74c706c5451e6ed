using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>The owner and document type of a record on a thinning list (no content).</summary>
internal sealed record StoredRecord(Guid OwnerAuthorityId, string? DocumentType);

/// <summary>Finds and removes the records a thinning list names, by type. Only <see cref="ThinningRuns"/> calls it.</summary>
internal static class RecordStore
{
    public static async Task<StoredRecord?> FindAsync(SekretessDbContext db, string type, Guid id, CancellationToken ct) => type switch
    {
        RetentionRecordTypes.Item => await db.InformationItems.Where(i => i.Id == id).Select(i => new StoredRecord(i.OwnerAuthorityId, i.DocumentType)).FirstOrDefaultAsync(ct),
        RetentionRecordTypes.ActionPlan => await db.ActionPlanEntries.Where(e => e.Id == id).Select(e => new StoredRecord(e.OwnerAuthorityId, null)).FirstOrDefaultAsync(ct),
        RetentionRecordTypes.Consent => await db.Consents.Where(c => c.Id == id).Select(c => new StoredRecord(c.RecordedByAuthorityId, null)).FirstOrDefaultAsync(ct),
        RetentionRecordTypes.Disclosure => await db.Disclosures.Where(d => d.Id == id).Select(d => new StoredRecord(d.SenderAuthorityId, null)).FirstOrDefaultAsync(ct),
        _ => null,
    };

    /// <summary>
    /// Removes the record's content and personal data. Items and plan entries go with their meeting-minute links, the
    /// persons an item names (its ItemSubjects rows, by the foreign key's cascade) and the content copy each disclosure
    /// of the record kept for its recipient (the disclosure record itself stays until it is thinned on its own);
    /// disclosure records go; a consent row goes unless a remaining disclosure record still rests on it (as its main
    /// consent or one of its DisclosureConsents) — then every free-text field and the signed form are removed and only the
    /// ids and dates stay until that record is thinned.
    /// </summary>
    public static async Task RemoveAsync(SekretessDbContext db, string type, Guid id, CancellationToken ct)
    {
        switch (type)
        {
            case RetentionRecordTypes.Item:
                db.MeetingRecords.RemoveRange(await db.MeetingRecords.Where(m => m.ResourceId == id).ToListAsync(ct));
                await ClearDisclosedContentAsync(db, type, id, ct);
                db.InformationItems.Remove(await db.InformationItems.SingleAsync(i => i.Id == id, ct));
                break;
            case RetentionRecordTypes.ActionPlan:
                db.MeetingRecords.RemoveRange(await db.MeetingRecords.Where(m => m.ResourceId == id).ToListAsync(ct));
                await ClearDisclosedContentAsync(db, type, id, ct);
                db.ActionPlanEntries.Remove(await db.ActionPlanEntries.SingleAsync(e => e.Id == id, ct));
                break;
            case RetentionRecordTypes.Disclosure:
                db.Disclosures.Remove(await db.Disclosures.SingleAsync(d => d.Id == id, ct));
                break;
            case RetentionRecordTypes.Consent:
                var consent = await db.Consents.SingleAsync(c => c.Id == id, ct);
                if (await db.Disclosures.AnyAsync(d => d.ConsentId == id, ct) || await db.DisclosureConsents.AnyAsync(d => d.ConsentId == id, ct))
                {
                    consent.MaturityAssessmentCipher = null;
                    consent.CustodyExceptionCipher = null;
                    consent.WithdrawalNoteCipher = null;
                    consent.AttachmentCipher = null;
                    consent.AttachmentContentType = null;
                }
                else
                {
                    db.Consents.Remove(consent);
                }

                break;
            default:
                throw new InvalidOperationException("Okänd posttyp.");
        }
    }

    /// <summary>The copy of the record's content each of its disclosures kept: with the record gone, the recipient sees nothing of it.</summary>
    private static async Task ClearDisclosedContentAsync(SekretessDbContext db, string type, Guid id, CancellationToken ct)
    {
        foreach (var d in await db.Disclosures.Where(d => d.ResourceType == type && d.ResourceId == id && d.ContentCipher != null).ToListAsync(ct))
            d.ContentCipher = null;
    }
}
