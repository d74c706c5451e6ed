using System.Globalization;
using Samverkan.Sekretess.Core.Statistics;

namespace Samverkan.Sekretess.Web.Pages.Agreement;

/// <summary>
/// Geometry of a server-rendered SVG bar chart (no script, CSP-safe). It is drawn only from published cells:
/// a "&lt;5" bar is an outline up to the threshold (all the chart knows), a "×" has no bar at all.
/// </summary>
public sealed record BarChart(string Id, string Title, int Width, int Height, IReadOnlyList<BarChart.Bar> Bars, IReadOnlyList<BarChart.Tick> Ticks, int PlotLeft, int PlotBottom)
{
    public sealed record Bar(double X, double Y, double Width, double Height, string Label, string Value, string Css, double LabelX);

    public sealed record Tick(double Y, string Label);

    public static BarChart Create(string id, string title, IReadOnlyList<(string Label, PublishedCell Cell)> data, int threshold, int width = 640, int height = 240)
    {
        const int left = 56;
        const int top = 12;
        var bottom = height - 64;
        var max = Math.Max(threshold, data.Select(d => d.Cell.Value ?? 0).DefaultIfEmpty(0).Max());
        var step = NiceStep(max);
        var top1 = (int)Math.Ceiling(max / (double)step) * step;
        double Y(int v) => bottom - (bottom - top) * (v / (double)top1);
        var slot = (width - left - 8) / (double)Math.Max(1, data.Count);
        var barWidth = Math.Max(4, slot * 0.6);
        var bars = data.Select((d, i) =>
        {
            var x = left + slot * i + (slot - barWidth) / 2;
            var shown = d.Cell.State == CellState.Shown ? d.Cell.Value!.Value : d.Cell.State == CellState.Small ? threshold : 0;
            var css = d.Cell.State switch { CellState.Shown => "bar", CellState.Small => "bar bar-small", _ => "bar bar-hidden" };
            return new Bar(x, Y(shown), barWidth, bottom - Y(shown), d.Label, d.Cell.Display(threshold), css, x + barWidth / 2);
        }).ToList();
        var ticks = Enumerable.Range(0, top1 / step + 1).Select(k => new Tick(Y(k * step), (k * step).ToString(CultureInfo.InvariantCulture))).ToList();
        return new BarChart(id, title, width, height, bars, ticks, left, bottom);
    }

    private static int NiceStep(int max) => max switch { <= 10 => 2, <= 25 => 5, <= 50 => 10, <= 100 => 20, <= 250 => 50, _ => (int)Math.Pow(10, Math.Floor(Math.Log10(max))) };

    public static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
