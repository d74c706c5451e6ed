using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>Why a record that the plan would thin is kept for now (gallringsstopp), in the order they are reported.</summary>
public static class HoldReasons
{
    public const string OpenCase = "oppet_arende";
    public const string LegalHold = "gallringsstopp";
    public const string ResearchSample = "forskningsurval";
    public const string ExemptType = "undantagen_handlingstyp";

    public static string Swedish(string reason) => reason switch
    {
        OpenCase => "Öppet ärende om personen",
        LegalHold => "Gallringsstopp (JO, IMY, registerutdrag …)",
        ResearchSample => "Forskningsurvalet (född dag 5, 15 eller 25)",
        ExemptType => "Undantagen handlingstyp",
        _ => reason,
    };
}

/// <summary>The facts a hold decision needs about one record of one authority (ids and dates only).</summary>
internal sealed record HoldFacts(bool AnyOpenCase, bool ActiveLegalHold, DateOnly BirthDate, string? DocumentType);

/// <summary>
/// The holds that stop thinning, applied the same way when the list is proposed and again, fresh from the database,
/// when each record is thinned (a hold placed after the archivist's approval wins).
/// </summary>
internal static class Holds
{
    /// <summary>The first hold that applies, or null when the record may be thinned.</summary>
    public static string? Reason(HoldFacts facts, ThinningClass cls, RetentionPlan plan)
    {
        if (facts.AnyOpenCase) return HoldReasons.OpenCase;
        if (facts.ActiveLegalHold) return HoldReasons.LegalHold;
        if (cls.ResearchSample && plan.InResearchSample(facts.BirthDate)) return HoldReasons.ResearchSample;
        if (facts.DocumentType is { } t && cls.ExemptDocumentTypes.Contains(t)) return HoldReasons.ExemptType;
        return null;
    }

    /// <summary>Fresh facts for one record: open cases about the person that the authority takes part in, active holds.</summary>
    public static async Task<HoldFacts?> FactsAsync(SekretessDbContext db, FieldProtector fields, Guid authorityId, Guid caseId, Guid personId, string? documentType, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.PersonalNumberCipher, p.BirthYear }).FirstOrDefaultAsync(ct);
        if (person is null) return null;
        var birth = PersonBirth.Of(fields, person.PersonalNumberCipher, person.BirthYear);
        var open = await db.Cases.AsNoTracking().AnyAsync(c => c.SubjectPersonId == personId && c.Status == CaseStatuses.Open
            && (c.Id == caseId || c.Participants.Any(p => p.AuthorityId == authorityId)), ct);
        var held = await db.LegalHolds.AsNoTracking().AnyAsync(h => h.AuthorityId == authorityId && h.LiftedAt == null
            && (h.CaseId == caseId || h.PersonId == personId), ct);
        return new HoldFacts(open, held, birth, documentType);
    }
}
