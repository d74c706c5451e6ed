using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Statistics;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Agreement;

/// <summary>The weekly meeting view (lagesbild.read, decided in Core; counts are suppressed there).</summary>
public sealed class WeekModel(LagesbildReads reads, LagesbildWrites writes, TimeProvider clock) : PageModel
{
    public WeekView? View { get; private set; }
    public DistrictMapModel Map { get; private set; } = null!;
    public BarChart TypeChart { get; private set; } = null!;
    public IReadOnlyList<BarChart> TrendCharts { get; private set; } = [];
    public int PreviousYear { get; private set; }
    public int PreviousWeek { get; private set; }
    [BindProperty] public string? MeasureText { get; set; }
    [BindProperty] public string? MeasureDistrict { get; set; }
    [BindProperty] public Guid MeasureOwner { get; set; }
    /// <summary>The form's double-submit token (never an id: the server makes every id).</summary>
    [BindProperty] public Guid RequestId { get; set; } = Guid.NewGuid();
    public string? ErrorMessage { get; private set; }

    public async Task OnGetAsync(Guid id, int? year, int? week, CancellationToken ct) => await LoadAsync(id, year, week, ct);

    public async Task<IActionResult> OnPostMeasureAsync(Guid id, int year, int week, CancellationToken ct)
    {
        try
        {
            await writes.RecordMeasureAsync(ProcessContextFactory.For(User, Purposes.Meeting), id, new RecordMeasureCommand(year, week, MeasureDistrict, MeasureText, MeasureOwner, RequestId), ct);
            return Redirect($"/Agreement/Week/{id}?year={year}&week={week}#measures");
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            await LoadAsync(id, year, week, ct);
            return Page();
        }
    }

    private async Task LoadAsync(Guid id, int? year, int? week, CancellationToken ct)
    {
        var (thisYear, thisWeek) = SwedishTime.IsoWeekOf(SwedishTime.Today(clock));
        var view = await reads.GetWeekAsync(ProcessContextFactory.For(User, Purposes.Meeting), id, year ?? thisYear, week ?? thisWeek, ct);
        View = view;
        (PreviousYear, PreviousWeek) = SwedishTime.IsoWeekOf(view.Monday.AddDays(-7));
        var threshold = view.Trend.Threshold;
        TypeChart = BarChart.Create("typ", $"Händelser vecka {view.Week} per typ",
            view.ByType.RowLabels.Select((l, i) => (l, view.ByType.Cells[i][0])).ToList(), threshold);
        TrendCharts = view.Trend.RowLabels.Select((label, i) => BarChart.Create($"trend-{view.TrendDistrictCodes[i]}", label,
            view.Trend.ColumnLabels.Select((c, j) => (c, view.Trend.Cells[i][j])).ToList(), threshold, 320, 170)).ToList();
        var last = view.Trend.ColumnLabels.Count - 1;
        var counts = view.TrendDistrictCodes.Select((code, i) => (code, cell: view.Trend.Cells[i][last])).ToList();
        Map = new DistrictMapModel(false, null, null, $"Karta: händelser vecka {view.Week} per område",
            counts.ToDictionary(c => c.code, c => c.cell.Display(threshold)),
            counts.ToDictionary(c => c.code, c => c.cell.State == CellState.Shown ? Math.Min(4, c.cell.Value!.Value / 3) : -1));
    }
}
