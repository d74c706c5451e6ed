namespace Samverkan.Sekretess.Core.Statistics;

/// <summary>
/// Raw counts before disclosure control. Internal on purpose: only a <see cref="PublishedTable"/>, which has
/// passed <see cref="SmallCellSuppression"/>, ever leaves Core.
/// </summary>
internal sealed record CountTable(string Key, string Title, string RowHeader, IReadOnlyList<string> RowLabels, IReadOnlyList<string> ColumnLabels, int[][] Counts)
{
    public static CountTable Create(string key, string title, string rowHeader, IReadOnlyList<string> rows, IReadOnlyList<string> columns) =>
        new(key, title, rowHeader, rows, columns, rows.Select(_ => new int[columns.Count]).ToArray());
}
