namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>A bar chart drawn as inline SVG on the server: no script, no external library, CSP-safe (attributes, not styles).</summary>
public sealed record BarChart(string Id, string Title, string Description, IReadOnlyList<(string Label, int Value)> Bars, string Color = "#00466e")
{
    public const int Width = 640;
    public const int Height = 220;
    public const int Left = 36;
    public const int Bottom = 40;
    public const int Top = 16;

    public int Max => Math.Max(1, Bars.Count == 0 ? 1 : Bars.Max(b => b.Value));

    /// <summary>A round axis maximum (1, 2, 5 × 10^n) so the gridlines read well.</summary>
    public int AxisMax
    {
        get
        {
            var m = Max;
            var p = 1;
            while (p * 10 < m) p *= 10;
            return new[] { p, 2 * p, 5 * p, 10 * p }.First(v => v >= m);
        }
    }

    public double Slot => Bars.Count == 0 ? 0 : (Width - Left - 8) / (double)Bars.Count;

    public double X(int i) => Left + i * Slot + Slot * 0.15;

    public double BarWidth => Slot * 0.7;

    public double BarHeight(int value) => (Height - Top - Bottom) * value / (double)AxisMax;

    public double Y(int value) => Height - Bottom - BarHeight(value);
}
