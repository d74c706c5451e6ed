using System.Text.Json;
using System.Text.Json.Serialization;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>One line of a registerutdrag: a disclosure (utlämnande) or an access (åtkomst). No case content.</summary>
public sealed record AccessReportLine(
    long Sequence, DateTime OccurredAt, string AuthorityName, string? RecipientAuthorityName, IReadOnlyList<string> Categories,
    string? LegalGround, string? LegalGroundTitle, string? Purpose, string Action, string? StaffName, string StaffRole,
    string? WithheldRuleId, string? WithheldProvision, bool WithheldAutomatically)
{
    public bool Withheld => WithheldRuleId is not null;
}

/// <summary>The registerutdrag as the DPO screens it (every line, withheld ones marked) or as released (withheld lines removed).</summary>
public sealed record AccessReportView(
    Guid Id, string PersonName, string PersonalNumber, string ControllerName, DateTime CreatedAt, long UpToSequence, bool Released,
    DateTime? ReleasedAt, bool StaffIdentitiesReleased, IReadOnlyList<AccessReportLine> Disclosures, IReadOnlyList<AccessReportLine> Accesses,
    IReadOnlyList<ScreeningRuleView> ScreeningRules, int WithheldCount);

public sealed record AccessReportResult(Guid? Id, string? Problem);

/// <summary>The machine-readable form of a released registerutdrag (JSON, camelCase).</summary>
public static class AccessReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(AccessReportView report) => JsonSerializer.Serialize(new
    {
        format = "samverkan-registerutdrag/v1",
        legalBasis = "GDPR art. 15; 5 kap. 1 § dataskyddslagen (2018:218)",
        controller = report.ControllerName,
        dataSubject = new { name = report.PersonName, personalNumber = report.PersonalNumber },
        createdAt = report.CreatedAt,
        releasedAt = report.ReleasedAt,
        coversLogEntriesUpTo = report.UpToSequence,
        staffIdentitiesReleased = report.StaffIdentitiesReleased,
        secrecyNote = report.WithheldCount > 0
            ? "Uppgifter som omfattas av sekretess mot dig har inte tagits med (5 kap. 1 § dataskyddslagen)." : null,
        disclosures = report.Disclosures.Select(Line),
        accesses = report.Accesses.Select(Line),
    }, Options);

    private static object Line(AccessReportLine l) => new
    {
        time = l.OccurredAt, authority = l.AuthorityName, recipient = l.RecipientAuthorityName, categories = l.Categories,
        legalGround = l.LegalGround, legalGroundTitle = l.LegalGroundTitle, purpose = l.Purpose, action = l.Action,
        staff = l.StaffName, staffRole = l.StaffRole,
    };
}
