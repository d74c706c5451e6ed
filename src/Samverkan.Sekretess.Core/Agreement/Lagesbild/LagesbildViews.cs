using Samverkan.Sekretess.Core.Statistics;

namespace Samverkan.Sekretess.Core.Agreement.Lagesbild;

public sealed record ReportForm(Guid AgreementId, string AgreementTitle, DateOnly Today);

/// <summary>A report to the lägesbild; the server makes its id. <paramref name="RequestId"/> is the form's double-submit token, never an id.</summary>
public sealed record FileReportCommand(string? EventType, string? DistrictCode, DateOnly? Date, TimeOnly? Time, string? Source, string? Description,
    Guid? RequestId = null);

/// <summary>A measure of the weekly meeting; the server makes its id. <paramref name="RequestId"/> is the form's double-submit token, never an id.</summary>
public sealed record RecordMeasureCommand(int Year, int Week, string? DistrictCode, string? Text, Guid OwnerAuthorityId, Guid? RequestId = null);

public sealed record ReportView(Guid Id, string EventType, string DistrictCode, DateTime OccurredAtLocal, string Source, string Description, string ReporterAuthority);

public sealed record MeasureView(Guid Id, string? DistrictCode, string Text, string OwnerAuthority, DateTime DecidedAtLocal);

/// <summary>The weekly meeting's picture. Every count in it (<see cref="ByType"/>, <see cref="Trend"/>) has passed small-cell suppression.</summary>
public sealed record WeekView(
    Guid AgreementId, string AgreementTitle, int Year, int Week, DateOnly Monday,
    IReadOnlyList<ReportView> Reports, IReadOnlyList<MeasureView> Measures, PublishedTable ByType, PublishedTable Trend,
    IReadOnlyList<string> TrendDistrictCodes, IReadOnlyList<PartyAuthorityView> Owners, bool MayRecordMeasure);
