using CsCheck;
using Samverkan.Sekretess.Core.Statistics;

namespace Samverkan.Sekretess.Core.Tests.Statistics;

/// <summary>Primary and secondary suppression, the CSV export, and the recovery attack that must fail on every published table.</summary>
public sealed class SmallCellSuppressionTests
{
    private static CountTable Table(int[][] counts) => new("t", "T", "Rad",
        counts.Select((_, i) => $"r{i}").ToList(), counts[0].Select((_, j) => $"k{j}").ToList(), counts);

    private static PublishedTable Publish(int[][] counts, int threshold = 5) => SmallCellSuppression.Publish(Table(counts), threshold, withMargins: true);

    [Fact]
    public void Publish_CountsOneToFour_AreShownAsLessThanFiveAndCarryNoValue()
    {
        var p = SmallCellSuppression.Publish(Table([[0, 1, 4, 5, 12]]), 5, withMargins: false);

        Assert.Equal(["0", "<5", "<5", "5", "12"], p.Cells[0].Select(c => c.Display(5)));
        Assert.All(p.Cells[0].Where(c => c.State != CellState.Shown), c => Assert.Null(c.Value));
    }

    [Fact]
    public void Publish_SingleSmallCellInARow_GetsAComplementaryCellSoTheTotalsDoNotRevealIt()
    {
        // Without secondary suppression, 3 = 23 − 20 could be read off the row total.
        var p = Publish([[3, 20], [10, 30]]);

        Assert.Equal(CellState.Small, p.Cells[0][0].State);
        var hidden = p.Cells.SelectMany(r => r).Concat(p.RowTotals!).Concat(p.ColumnTotals!).Count(c => c.State == CellState.Hidden);
        Assert.True(hidden >= 2, $"expected at least 2 complementary suppressions, got {hidden}");
        AssertNotRecoverable(p);
    }

    [Fact]
    public void Publish_ThresholdIsConfigurable()
    {
        var p = SmallCellSuppression.Publish(Table([[6, 7, 10]]), 8, withMargins: false);

        Assert.Equal(["<8", "<8", "10"], p.Cells[0].Select(c => c.Display(8)));
    }

    [Fact]
    public void Publish_ThresholdBelowThree_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SmallCellSuppression.Publish(Table([[1]]), 2, withMargins: false));

    [Fact]
    public void ToCsv_ShowsOnlyThePublishedValues()
    {
        var p = Publish([[3, 20], [10, 30]]);

        var csv = p.ToCsv();

        Assert.StartsWith("Rad;k0;k1;Summa\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("<5", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(";3;", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(";23", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(";13", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCsv_LabelThatLooksLikeAFormula_IsNeutralised()
    {
        var p = SmallCellSuppression.Publish(new CountTable("t", "T", "Rad", ["=HYPERLINK(1)"], ["k"], [[7]]), 5, withMargins: false);

        Assert.Contains("'=HYPERLINK(1)", p.ToCsv(), StringComparison.Ordinal);
    }

    [Fact]
    public void Attack_OnPrimarySuppressionAlone_RecoversTheCell()
    {
        // The canary: the attacker is not vacuous. With only "<5" and full totals, the cell is 23 − 20 = 3.
        var csv = "Rad;k0;k1;Summa\r\nr0;<5;20;23\r\nr1;10;30;40\r\nSumma;13;50;63\r\n";

        var (lo, hi) = MarginAttacker.FromCsv(csv, 5).Propagate();

        Assert.Equal(3, lo[0, 0]);
        Assert.Equal(3, hi[0, 0]);
    }

    [Fact]
    public void Property_NoSuppressedEntry_IsRecoverableFromAnyPublishedTable()
    {
        // 2–4 rows × 2–4 columns of counts 0..8: many small cells, many ways to be unlucky.
        var gen = Gen.Int[2, 4].SelectMany(rows => Gen.Int[2, 4].SelectMany(cols =>
            Gen.Int[0, 8].Array[cols].Array[rows]));
        var exactlyChecked = 0;

        gen.Sample(counts =>
        {
            var published = Publish(counts);
            var attacker = MarginAttacker.FromCsv(published.ToCsv(), published.Threshold);
            var truth = Extend(counts);
            var (lo, hi) = attacker.Propagate();
            for (var i = 0; i <= attacker.Rows; i++)
            {
                for (var j = 0; j <= attacker.Columns; j++)
                {
                    if (!attacker.Suppressed[i, j]) continue;
                    // Sound: the attacker's interval contains the truth; secure: it is not a single value.
                    Assert.InRange(truth[i][j], lo[i, j], hi[i, j]);
                    Assert.True(lo[i, j] < hi[i, j], $"entry ({i},{j}) recovered as {lo[i, j]} from {published.ToCsv()}");
                }
            }

            if (attacker.Enumerate(cap: truth[^1][^1] * 2 + 10) is { } solutions)
            {
                exactlyChecked++;
                foreach (var ((i, j), values) in solutions)
                {
                    Assert.Contains((long)truth[i][j], values);
                    Assert.True(values.Count >= 2, $"entry ({i},{j}) has a single feasible value in {published.ToCsv()}");
                }
            }
        }, iter: 400);

        Assert.True(exactlyChecked >= 200, $"the exhaustive attack ran on only {exactlyChecked} of 400 tables");
    }

    private static void AssertNotRecoverable(PublishedTable p)
    {
        var (lo, hi) = MarginAttacker.FromCsv(p.ToCsv(), p.Threshold).Propagate();
        for (var i = 0; i <= p.RowLabels.Count; i++)
            for (var j = 0; j <= p.ColumnLabels.Count; j++)
                if (lo[i, j] == hi[i, j] && Entry(p, i, j).State != CellState.Shown) Assert.Fail($"entry ({i},{j}) recovered");
    }

    private static PublishedCell Entry(PublishedTable p, int i, int j)
    {
        var rows = p.RowLabels.Count;
        var cols = p.ColumnLabels.Count;
        if (i < rows && j < cols) return p.Cells[i][j];
        if (i < rows) return p.RowTotals![i];
        return j < cols ? p.ColumnTotals![j] : p.GrandTotal!.Value;
    }

    internal static int[][] Extend(int[][] counts)
    {
        var rows = counts.Length;
        var cols = counts[0].Length;
        var grid = Enumerable.Range(0, rows + 1).Select(_ => new int[cols + 1]).ToArray();
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
            {
                grid[i][j] = counts[i][j];
                grid[i][cols] += counts[i][j];
                grid[rows][j] += counts[i][j];
                grid[rows][cols] += counts[i][j];
            }

        return grid;
    }
}
