using System.Globalization;

namespace Samverkan.Sekretess.Core.Tests.Statistics;

/// <summary>
/// An attacker who has only the published CSV and tries to recover the suppressed counts, written independently of
/// the suppressor's own auditor (which uses max-flow): (1) interval propagation over the margin equations, as a
/// person with a spreadsheet would do it; (2) exhaustive search over every table consistent with the publication,
/// for small tables. What the attacker knows: shown numbers exactly, "&lt;t" is 1..t−1, "×" is at least t, ".." (withheld table) is anything.
/// </summary>
internal sealed class MarginAttacker
{
    private const long Infinity = 1_000_000_000;

    public int Rows { get; }
    public int Columns { get; }
    /// <summary>Extended grid (last row and column are the totals): published bounds per entry.</summary>
    public long[,] Lo { get; }
    public long[,] Hi { get; }
    public bool[,] Suppressed { get; }

    private MarginAttacker(int rows, int cols)
    {
        Rows = rows;
        Columns = cols;
        Lo = new long[rows + 1, cols + 1];
        Hi = new long[rows + 1, cols + 1];
        Suppressed = new bool[rows + 1, cols + 1];
    }

    /// <summary>Reads a CSV as <c>PublishedTable.ToCsv</c> writes it (header, rows, "Summa" row).</summary>
    public static MarginAttacker FromCsv(string csv, int threshold)
    {
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(';')).ToList();
        var rows = lines.Count - 2;
        var cols = lines[0].Length - 2;
        var a = new MarginAttacker(rows, cols);
        for (var i = 0; i <= rows; i++)
        {
            for (var j = 0; j <= cols; j++)
            {
                var field = lines[i + 1][j + 1];
                if (field == "..") (a.Lo[i, j], a.Hi[i, j], a.Suppressed[i, j]) = (0, Infinity, true);
                else if (field == "×") (a.Lo[i, j], a.Hi[i, j], a.Suppressed[i, j]) = (threshold, Infinity, true);
                else if (field.StartsWith('<')) (a.Lo[i, j], a.Hi[i, j], a.Suppressed[i, j]) = (1, threshold - 1, true);
                else a.Lo[i, j] = a.Hi[i, j] = long.Parse(field, CultureInfo.InvariantCulture);
            }
        }

        return a;
    }

    /// <summary>Attack 1: tighten every entry's interval from each row and column equation until nothing changes.</summary>
    public (long[,] Lo, long[,] Hi) Propagate()
    {
        var lo = (long[,])Lo.Clone();
        var hi = (long[,])Hi.Clone();
        for (var round = 0; round < 10_000; round++)
        {
            var changed = false;
            for (var i = 0; i <= Rows; i++) changed |= TightenLine(lo, hi, Enumerable.Range(0, Columns).Select(j => (i, j)).ToList(), (i, Columns));
            for (var j = 0; j <= Columns; j++) changed |= TightenLine(lo, hi, Enumerable.Range(0, Rows).Select(i => (i, j)).ToList(), (Rows, j));
            if (!changed) break;
        }

        return (lo, hi);
    }

    // parts sum to total: total in [Σlo, Σhi]; part_k in [total_lo − Σ_{m≠k} hi_m, total_hi − Σ_{m≠k} lo_m].
    // An unbounded part makes every sum that includes it unbounded (counted, never added, so nothing overflows).
    private static bool TightenLine(long[,] lo, long[,] hi, List<(int I, int J)> parts, (int I, int J) total)
    {
        var changed = false;
        long sumLo = parts.Sum(p => lo[p.I, p.J]);
        var unbounded = parts.Count(p => hi[p.I, p.J] >= Infinity);
        long finiteHi = parts.Where(p => hi[p.I, p.J] < Infinity).Sum(p => hi[p.I, p.J]);
        changed |= Set(lo, hi, total, sumLo, unbounded > 0 ? Infinity : finiteHi);
        foreach (var p in parts)
        {
            var selfUnbounded = hi[p.I, p.J] >= Infinity;
            var othersUnbounded = unbounded - (selfUnbounded ? 1 : 0) > 0;
            var othersHi = finiteHi - (selfUnbounded ? 0 : hi[p.I, p.J]);
            var othersLo = sumLo - lo[p.I, p.J];
            var newLo = othersUnbounded ? lo[p.I, p.J] : lo[total.I, total.J] - othersHi;
            var newHi = hi[total.I, total.J] >= Infinity ? hi[p.I, p.J] : hi[total.I, total.J] - othersLo;
            changed |= Set(lo, hi, p, newLo, newHi);
        }

        return changed;
    }

    private static bool Set(long[,] lo, long[,] hi, (int I, int J) e, long newLo, long newHi)
    {
        var changed = false;
        if (newLo > lo[e.I, e.J]) { lo[e.I, e.J] = newLo; changed = true; }
        if (newHi < hi[e.I, e.J]) { hi[e.I, e.J] = newHi; changed = true; }
        // The publication contradicts what the attacker was told the markers mean: a bug, not a recovery.
        if (lo[e.I, e.J] > hi[e.I, e.J]) throw new InvalidOperationException($"Inconsistent publication at ({e.I},{e.J}).");
        return changed;
    }

    /// <summary>
    /// Attack 2: every integer table consistent with the publication (inner cells within the propagated bounds,
    /// margins checked). Returns, per suppressed entry, the set of values it takes; null if the search exceeds its budget.
    /// </summary>
    public Dictionary<(int, int), HashSet<long>>? Enumerate(long cap, int budget = 2_000_000)
    {
        var (lo, hi) = Propagate();
        var unknown = new List<(int I, int J)>();
        for (var i = 0; i < Rows; i++)
            for (var j = 0; j < Columns; j++)
                if (Suppressed[i, j]) unknown.Add((i, j));
        var values = new long[Rows, Columns];
        for (var i = 0; i < Rows; i++)
            for (var j = 0; j < Columns; j++)
                values[i, j] = lo[i, j];
        var seen = new Dictionary<(int, int), HashSet<long>>();
        for (var i = 0; i <= Rows; i++)
            for (var j = 0; j <= Columns; j++)
                if (Suppressed[i, j]) seen[(i, j)] = [];
        var nodes = 0;

        bool Walk(int k)
        {
            if (++nodes > budget) return false;
            if (k == unknown.Count)
            {
                var sums = new long[Rows + 1, Columns + 1];
                for (var i = 0; i < Rows; i++)
                    for (var j = 0; j < Columns; j++)
                    {
                        sums[i, j] = values[i, j];
                        sums[i, Columns] += values[i, j];
                        sums[Rows, j] += values[i, j];
                        sums[Rows, Columns] += values[i, j];
                    }

                for (var i = 0; i <= Rows; i++)
                    for (var j = 0; j <= Columns; j++)
                        if (sums[i, j] < Lo[i, j] || sums[i, j] > Hi[i, j]) return true;
                foreach (var key in seen.Keys) seen[key].Add(sums[key.Item1, key.Item2]);
                return true;
            }

            var (r, c) = unknown[k];
            for (var v = lo[r, c]; v <= Math.Min(hi[r, c], cap); v++)
            {
                values[r, c] = v;
                if (!Walk(k + 1)) return false;
            }

            return true;
        }

        return Walk(0) ? seen : null;
    }
}
