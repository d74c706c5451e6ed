namespace Samverkan.Sekretess.Core.Statistics;

/// <summary>
/// What an attacker can prove about the entries of a published 2-D table with totals. The table with its
/// margins is a flow network (source → rows → columns → sink, grand total back to the source), so the
/// published entries are flows with bounds: shown = exact, "&lt;t" = [1, t−1], "×" = [t, ∞) (complementary
/// suppression never hides a zero). Every integer solution of the margin equations is a feasible
/// circulation, and the feasible values of one entry form an integer interval (the constraint matrix is
/// totally unimodular). An entry is recovered when its true value is the only feasible one.
/// </summary>
internal static class SuppressionAuditor
{
    private const long Unbounded = 1L << 40;

    /// <summary>Grid coordinates (row, column) of the extended table; index rows/cols = the totals.</summary>
    public readonly record struct Entry(int Row, int Column);

    /// <summary>Entries whose true value the published table reveals exactly.</summary>
    public static List<Entry> Recoverable(int[][] extended, CellState[][] states, int threshold)
    {
        var found = new List<Entry>();
        for (var i = 0; i < extended.Length; i++)
        {
            for (var j = 0; j < extended[i].Length; j++)
            {
                if (states[i][j] == CellState.Shown) continue;
                var v = extended[i][j];
                var lower = Feasible(extended, states, threshold, new Entry(i, j), long.MinValue, v - 1L);
                var upper = Feasible(extended, states, threshold, new Entry(i, j), v + 1L, long.MaxValue);
                if (!lower && !upper) found.Add(new Entry(i, j));
            }
        }

        return found;
    }

    /// <summary>Whether some table consistent with the publication has entry <paramref name="target"/> in [min, max].</summary>
    public static bool Feasible(int[][] extended, CellState[][] states, int threshold, Entry target, long min, long max)
    {
        var rows = extended.Length - 1;
        var cols = extended[0].Length - 1;
        // Nodes: 0 source, 1..rows row nodes, rows+1..rows+cols column nodes, sink, super source, super sink.
        var sink = rows + cols + 1;
        var superSource = sink + 1;
        var superSink = sink + 2;
        var flow = new MaxFlow(sink + 3);
        var excess = new long[sink + 1];

        bool Add(int from, int to, int i, int j)
        {
            var (lo, hi) = Bounds(extended[i][j], states[i][j], threshold);
            if (i == target.Row && j == target.Column)
            {
                lo = Math.Max(lo, min);
                hi = Math.Min(hi, max);
            }

            if (lo > hi) return false;
            flow.AddEdge(from, to, hi - lo);
            excess[to] += lo;
            excess[from] -= lo;
            return true;
        }

        for (var i = 0; i < rows; i++)
        {
            if (!Add(0, 1 + i, i, cols)) return false;
            for (var j = 0; j < cols; j++)
                if (!Add(1 + i, 1 + rows + j, i, j)) return false;
        }

        for (var j = 0; j < cols; j++)
            if (!Add(1 + rows + j, sink, rows, j)) return false;
        if (!Add(sink, 0, rows, cols)) return false;

        long needed = 0;
        for (var n = 0; n <= sink; n++)
        {
            if (excess[n] > 0)
            {
                flow.AddEdge(superSource, n, excess[n]);
                needed += excess[n];
            }
            else if (excess[n] < 0)
            {
                flow.AddEdge(n, superSink, -excess[n]);
            }
        }

        return flow.Run(superSource, superSink) == needed;
    }

    private static (long Lo, long Hi) Bounds(int value, CellState state, int threshold) => state switch
    {
        CellState.Shown => (value, value),
        CellState.Small => (1, threshold - 1),
        _ => (threshold, Unbounded),
    };
}
