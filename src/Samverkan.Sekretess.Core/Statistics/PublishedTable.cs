using System.Globalization;
using System.Text;

namespace Samverkan.Sekretess.Core.Statistics;

/// <summary>How a published count is shown.</summary>
public enum CellState
{
    /// <summary>The exact count (0 or at least the threshold).</summary>
    Shown,
    /// <summary>Primary suppression: 1 to threshold−1, shown as "&lt;5".</summary>
    Small,
    /// <summary>Secondary (complementary) suppression: hidden so that a small cell cannot be computed from the totals.</summary>
    Hidden,
    /// <summary>The whole table is withheld: nothing about this count is published, not even a range.</summary>
    Withheld,
}

/// <summary>One published count. A suppressed cell carries no value at all: the raw count never leaves the suppressor.</summary>
public readonly record struct PublishedCell(CellState State, int? Value)
{
    public static PublishedCell Show(int value) => new(CellState.Shown, value);

    public string Display(int threshold) => State switch
    {
        CellState.Shown => Value!.Value.ToString(CultureInfo.InvariantCulture),
        CellState.Small => "<" + threshold.ToString(CultureInfo.InvariantCulture),
        CellState.Hidden => "×",
        _ => "..",
    };
}

/// <summary>
/// A table that has passed statistical disclosure control (<see cref="SmallCellSuppression"/>): what pages,
/// charts and CSV exports show. Totals (margins) are present when the table is published with them.
/// </summary>
public sealed record PublishedTable(
    string Key,
    string Title,
    string RowHeader,
    IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels,
    IReadOnlyList<IReadOnlyList<PublishedCell>> Cells,
    IReadOnlyList<PublishedCell>? RowTotals,
    IReadOnlyList<PublishedCell>? ColumnTotals,
    PublishedCell? GrandTotal,
    int Threshold,
    bool Withheld)
{
    public const string TotalLabel = "Summa";

    public bool HasMargins => RowTotals is not null;

    public bool AnySuppressed => Cells.SelectMany(r => r).Concat(RowTotals ?? []).Concat(ColumnTotals ?? [])
        .Concat(GrandTotal is { } g ? [g] : []).Any(c => c.State != CellState.Shown);

    /// <summary>
    /// Semicolon-separated (Swedish spreadsheet default), UTF-8, exactly what the page shows: suppressed cells
    /// stay "&lt;5" or "×". The raw counts are not in this object, so they cannot end up in the file.
    /// </summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        var header = new List<string> { RowHeader };
        header.AddRange(ColumnLabels);
        if (HasMargins) header.Add(TotalLabel);
        Line(sb, header);
        for (var i = 0; i < RowLabels.Count; i++)
        {
            var row = new List<string> { RowLabels[i] };
            row.AddRange(Cells[i].Select(c => c.Display(Threshold)));
            if (HasMargins) row.Add(RowTotals![i].Display(Threshold));
            Line(sb, row);
        }

        if (HasMargins)
        {
            var total = new List<string> { TotalLabel };
            total.AddRange(ColumnTotals!.Select(c => c.Display(Threshold)));
            total.Add(GrandTotal!.Value.Display(Threshold));
            Line(sb, total);
        }

        return sb.ToString();
    }

    private static void Line(StringBuilder sb, IEnumerable<string> fields)
    {
        sb.AppendJoin(';', fields.Select(Escape));
        sb.Append("\r\n");
    }

    // Quotes fields with separators, and neutralises spreadsheet formulas (CSV injection) in labels.
    private static string Escape(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@') field = "'" + field;
        return field.Contains(';') || field.Contains('"') || field.Contains('\n')
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
    }
}
