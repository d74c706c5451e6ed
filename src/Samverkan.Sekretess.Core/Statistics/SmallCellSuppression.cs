namespace Samverkan.Sekretess.Core.Statistics;

/// <summary>
/// Statistical disclosure control for every aggregate the system shows or exports.
/// <list type="number">
/// <item>Primary suppression: every count from 1 to threshold−1 (cells and totals) is shown as "&lt;5".</item>
/// <item>Secondary (complementary) suppression, for tables published with totals: while the margin equations
/// still let someone compute a suppressed entry exactly (<see cref="SuppressionAuditor"/>, an exact test),
/// hide one more entry ("×") in the same row or column — the smallest inner cell of at least the threshold,
/// else a total — and test again. Zeros are never hidden (so "×" always means "at least the threshold").</item>
/// <item>If nothing is left to hide, the whole table is withheld.</item>
/// </list>
/// Tables without totals need only primary suppression: no equation links their cells.
/// </summary>
internal static class SmallCellSuppression
{
    public const int MinimumThreshold = 3;

    public static PublishedTable Publish(CountTable table, int threshold, bool withMargins)
    {
        // INVARIANT: below 3, "<t" would itself reveal the count ("<2" means 1).
        if (threshold < MinimumThreshold) throw new ArgumentOutOfRangeException(nameof(threshold), "The threshold must be at least 3.");
        var rows = table.RowLabels.Count;
        var cols = table.ColumnLabels.Count;
        if (!withMargins || rows == 0 || cols == 0)
        {
            var cells = table.Counts.Select(r => (IReadOnlyList<PublishedCell>)r.Select(v => Primary(v, threshold)).ToList()).ToList();
            return new PublishedTable(table.Key, table.Title, table.RowHeader, table.RowLabels, table.ColumnLabels, cells, null, null, null, threshold, false);
        }

        var grid = Extend(table.Counts, rows, cols);
        var states = grid.Select(r => r.Select(v => v >= 1 && v < threshold ? CellState.Small : CellState.Shown).ToArray()).ToArray();
        var withheld = false;
        while (SuppressionAuditor.Recoverable(grid, states, threshold) is { Count: > 0 } exposed)
        {
            if (!HideComplement(grid, states, threshold, exposed[0]))
            {
                withheld = true;
                break;
            }
        }

        PublishedCell Cell(int i, int j) => withheld
            ? new PublishedCell(CellState.Withheld, null)
            : states[i][j] == CellState.Hidden
            ? new PublishedCell(CellState.Hidden, null)
            : states[i][j] == CellState.Small ? new PublishedCell(CellState.Small, null) : PublishedCell.Show(grid[i][j]);

        return new PublishedTable(table.Key, table.Title, table.RowHeader, table.RowLabels, table.ColumnLabels,
            Enumerable.Range(0, rows).Select(i => (IReadOnlyList<PublishedCell>)Enumerable.Range(0, cols).Select(j => Cell(i, j)).ToList()).ToList(),
            Enumerable.Range(0, rows).Select(i => Cell(i, cols)).ToList(),
            Enumerable.Range(0, cols).Select(j => Cell(rows, j)).ToList(),
            Cell(rows, cols), threshold, withheld);
    }

    private static PublishedCell Primary(int v, int threshold) =>
        v >= 1 && v < threshold ? new PublishedCell(CellState.Small, null) : PublishedCell.Show(v);

    /// <summary>The counts with a totals column, a totals row and the grand total.</summary>
    private static int[][] Extend(int[][] counts, int rows, int cols)
    {
        var grid = new int[rows + 1][];
        for (var i = 0; i <= rows; i++) grid[i] = new int[cols + 1];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                grid[i][j] = counts[i][j];
                grid[i][cols] += counts[i][j];
                grid[rows][j] += counts[i][j];
                grid[rows][cols] += counts[i][j];
            }
        }

        return grid;
    }

    /// <summary>Hides one shown entry of at least the threshold that shares a row or column with the exposed one.</summary>
    private static bool HideComplement(int[][] grid, CellState[][] states, int threshold, SuppressionAuditor.Entry exposed)
    {
        var rows = grid.Length - 1;
        var cols = grid[0].Length - 1;
        var candidates = new List<(int I, int J)>();
        for (var j = 0; j <= cols; j++) if (j != exposed.Column) candidates.Add((exposed.Row, j));
        for (var i = 0; i <= rows; i++) if (i != exposed.Row) candidates.Add((i, exposed.Column));
        var best = candidates
            .Where(c => states[c.I][c.J] == CellState.Shown && grid[c.I][c.J] >= threshold)
            // Inner cells before totals, then the smallest count (least information lost), then a stable order.
            .OrderBy(c => c.I == rows || c.J == cols ? 1 : 0)
            .ThenBy(c => grid[c.I][c.J]).ThenBy(c => c.I).ThenBy(c => c.J)
            .Select(c => ((int I, int J)?)c).FirstOrDefault();
        if (best is null)
        {
            // Nothing in its lines: any other shown entry still breaks the chain that pins this one down.
            best = Enumerable.Range(0, rows + 1).SelectMany(i => Enumerable.Range(0, cols + 1).Select(j => (I: i, J: j)))
                .Where(c => states[c.I][c.J] == CellState.Shown && grid[c.I][c.J] >= threshold)
                .OrderBy(c => grid[c.I][c.J]).Select(c => ((int I, int J)?)c).FirstOrDefault();
        }

        if (best is not { } pick) return false;
        states[pick.I][pick.J] = CellState.Hidden;
        return true;
    }
}
