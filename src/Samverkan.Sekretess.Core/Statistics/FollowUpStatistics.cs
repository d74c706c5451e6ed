namespace Samverkan.Sekretess.Core.Statistics;

/// <summary>The annual follow-up's statistics. Every table has passed small-cell suppression; no ids, no case content.</summary>
public sealed record FollowUpStatistics(Guid AgreementId, string AgreementTitle, int Year, bool Preliminary, int Threshold, IReadOnlyList<PublishedTable> Tables)
{
    public PublishedTable Table(string key) => Tables.Single(t => t.Key == key);
}

/// <summary>A CSV export of one published table.</summary>
public sealed record CsvExport(string FileName, string Content);

/// <summary>The tables of the follow-up report, by key (also the CSV file names).</summary>
public static class FollowUpTables
{
    public const string CasesOpened = "arenden-oppnade";
    public const string CasesClosed = "arenden-avslutade";
    public const string Consents = "samtycken";
    public const string Disclosures = "utlamnanden";
    public const string Lagesbild = "lagesbild-handelser";
    public static readonly IReadOnlyList<string> All = [CasesOpened, CasesClosed, Consents, Disclosures, Lagesbild];

    /// <summary>Age bands at the time of the event (ålder när ärendet öppnades eller avslutades).</summary>
    public static readonly IReadOnlyList<(string Label, int From, int To)> AgeBands =
        [("0–11 år", 0, 11), ("12–14 år", 12, 14), ("15–17 år", 15, 17), ("18–20 år", 18, 20), ("21 år och äldre", 21, 200)];
}
