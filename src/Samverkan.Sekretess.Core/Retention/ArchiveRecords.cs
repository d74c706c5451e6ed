using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>Builds the archive form of a record (content decrypted for delivery to the e-archive; never logged).</summary>
internal sealed class ArchiveRecords(SekretessDbContext db, FieldProtector fields)
{
    public async Task<ArchiveRecord> BuildAsync(ThinningCandidate cand, ThinningRun run, StoredRecord stored, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().SingleAsync(x => x.Id == cand.CaseId, ct);
        var owner = await db.Authorities.AsNoTracking().SingleAsync(a => a.Id == stored.OwnerAuthorityId, ct);
        var p = await db.Persons.AsNoTracking().SingleAsync(x => x.Id == cand.PersonId, ct);
        var subject = new ArchiveSubject(fields.Unprotect(p.PersonalNumberCipher), fields.Unprotect(p.NameCipher), PersonBirth.Of(fields, p.PersonalNumberCipher, p.BirthYear));
        var (createdAt, content) = await ContentAsync(cand, ct);
        return new ArchiveRecord(ArchivePackageWriter.Format, cand.ResourceType, cand.ResourceId, cand.Document, stored.DocumentType, c.Id, c.Reference, c.Type,
            owner.Code, owner.Name, createdAt, run.Id, run.DecisionReference, cand.ClassId, subject, content);
    }

    private string? Open(string? cipher) => string.IsNullOrEmpty(cipher) ? null : fields.Unprotect(cipher);

    private static string Iso(DateTime? t) => t is { } v ? v.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "";

    private async Task<(DateTime, Dictionary<string, string?>)> ContentAsync(ThinningCandidate cand, CancellationToken ct)
    {
        switch (cand.ResourceType)
        {
            case RetentionRecordTypes.Item:
                var i = await db.InformationItems.AsNoTracking().SingleAsync(x => x.Id == cand.ResourceId, ct);
                return (i.CreatedAt, new() { ["kategori"] = i.Category, ["rubrik"] = Open(i.TitleCipher), ["text"] = Open(i.TextCipher),
                    ["kontaktuppgifter"] = Open(i.ContactCipher), ["andrad"] = Iso(i.UpdatedAt) });
            case RetentionRecordTypes.ActionPlan:
                var e = await db.ActionPlanEntries.AsNoTracking().SingleAsync(x => x.Id == cand.ResourceId, ct);
                return (e.CreatedAt, new() { ["vad"] = Open(e.WhatCipher), ["ansvarig"] = Open(e.ResponsibleCipher),
                    ["klartDatum"] = e.DueDate.ToString("O", System.Globalization.CultureInfo.InvariantCulture), ["status"] = e.Status });
            case RetentionRecordTypes.Consent:
                var k = await db.Consents.AsNoTracking().SingleAsync(x => x.Id == cand.ResourceId, ct);
                return (k.RecordedAt, new()
                {
                    ["syfte"] = k.Purpose, ["kategorier"] = string.Join(",", k.Categories), ["avsandare"] = string.Join(",", k.SenderAuthorityIds),
                    ["mottagare"] = string.Join(",", k.RecipientAuthorityIds), ["giltigtFran"] = Iso(k.ValidFrom), ["giltigtTill"] = Iso(k.ValidTo),
                    ["form"] = k.Form, ["personenSjalv"] = k.GivenBySubject ? "ja" : "nej", ["mognadsbedomning"] = Open(k.MaturityAssessmentCipher),
                    ["undantagGemensamVardnad"] = Open(k.CustodyExceptionCipher), ["aterkallat"] = Iso(k.WithdrawnAt),
                    ["aterkallelseanteckning"] = Open(k.WithdrawalNoteCipher),
                    ["blankett"] = k.AttachmentCipher is null ? null : Convert.ToBase64String(fields.UnprotectBytes(k.AttachmentCipher)),
                    ["blankettTyp"] = k.AttachmentContentType,
                });
            case RetentionRecordTypes.Disclosure:
                var d = await db.Disclosures.AsNoTracking().SingleAsync(x => x.Id == cand.ResourceId, ct);
                return (d.DecidedAt, new()
                {
                    ["uppgift"] = d.ResourceId.ToString(), ["kategori"] = d.Category, ["mottagare"] = d.RecipientAuthorityId.ToString(),
                    ["grund"] = d.Ground, ["grundensUppgifter"] = d.GroundAttributesJson, ["bedomning"] = Open(d.AssessmentCipher),
                    ["initiativ"] = d.Initiative, ["kanal"] = d.Channel, ["beslutadAv"] = d.DecidedByUserId, ["anteckningKravs"] = d.AnteckningRequired ? "ja" : "nej",
                    ["mottagarensSekretess"] = d.RecipientRegime, ["upphorde"] = Iso(d.EndedAt),
                });
            default:
                throw new InvalidOperationException("Okänd posttyp.");
        }
    }
}
