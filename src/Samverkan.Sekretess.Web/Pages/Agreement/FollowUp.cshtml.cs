using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Statistics;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Agreement;

/// <summary>
/// The annual follow-up report: activity status (agreementplan.read) and aggregate statistics (stats.read), both
/// decided and audited in Core. Printable: the print stylesheet makes "save as PDF" in the browser the PDF export.
/// </summary>
public sealed class FollowUpModel(StatisticsReads statistics, AgreementPlan plan, TimeProvider clock) : PageModel
{
    public FollowUpStatistics? Statistics { get; private set; }
    public PlanView? Plan { get; private set; }
    public BarChart OpenedChart { get; private set; } = null!;
    public BarChart LagesbildChart { get; private set; } = null!;
    public string GeneratedAt { get; private set; } = "";

    public async Task OnGetAsync(Guid id, int? year, CancellationToken ct)
    {
        var context = ProcessContextFactory.For(User, Purposes.FollowUp);
        var stats = await statistics.GetFollowUpAsync(context, id, year ?? SwedishTime.Today(clock).Year, ct);
        Statistics = stats;
        Plan = await plan.GetAsync(context, id, ct);
        GeneratedAt = Labels.LocalTime(clock.GetUtcNow().UtcDateTime);
        var opened = stats.Table(FollowUpTables.CasesOpened);
        OpenedChart = BarChart.Create("oppnade", $"Öppnade ärenden {stats.Year} per område", opened.RowLabels.Select((l, i) => (l, opened.RowTotals![i])).ToList(), stats.Threshold);
        var lagesbild = stats.Table(FollowUpTables.Lagesbild);
        LagesbildChart = BarChart.Create("lagesbild", $"Lägesbildens händelser {stats.Year} per område", lagesbild.RowLabels.Select((l, i) => (l, lagesbild.RowTotals![i])).ToList(), stats.Threshold);
    }

    /// <summary>One table as CSV, suppressed exactly as on the page (audited as stats.export).</summary>
    public async Task<IActionResult> OnGetCsvAsync(Guid id, int year, string? table, CancellationToken ct)
    {
        var export = await statistics.ExportCsvAsync(ProcessContextFactory.For(User, Purposes.FollowUp), id, year, table ?? "", ct);
        // UTF-8 with BOM so that spreadsheet programs read å, ä and ö.
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(export.Content)).ToArray(), "text/csv; charset=utf-8", export.FileName);
    }
}
