namespace Samverkan.Sekretess.Core.Agreement.Lagesbild;

/// <summary>
/// One place- and event-based report to the weekly lägesbild (EST). It holds no personal data: the
/// free text is screened for personnummer and names before it is stored (<see cref="FreeTextScreener"/>).
/// </summary>
internal sealed class SituationReport
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    /// <summary>One of <see cref="EventTypes"/>.</summary>
    public string EventType { get; set; } = "";
    /// <summary>One of the districts in <see cref="Districts"/>.</summary>
    public string DistrictCode { get; set; } = "";
    /// <summary>When it happened (UTC).</summary>
    public DateTime OccurredAt { get; set; }
    /// <summary>ISO week of <see cref="OccurredAt"/> in Swedish time, for the weekly meeting.</summary>
    public int IsoYear { get; set; }
    public int IsoWeek { get; set; }
    /// <summary>One of <see cref="ReportSources"/>.</summary>
    public string Source { get; set; } = "";
    /// <summary>Screened free text, protected at rest like all free text.</summary>
    public string DescriptionCipher { get; set; } = "";
    public Guid ReporterAuthorityId { get; set; }
    public string ReporterUserId { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>A measure decided at the weekly lägesbild meeting (beslutad åtgärd), with the authority that owns it.</summary>
internal sealed class LagesbildMeasure
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    public int IsoYear { get; set; }
    public int IsoWeek { get; set; }
    public string? DistrictCode { get; set; }
    public string TextCipher { get; set; } = "";
    public Guid OwnerAuthorityId { get; set; }
    public DateTime DecidedAt { get; set; }
    public string DecidedByUserId { get; set; } = "";
}
