using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>Loggkontroll: charts (flags per week, reviews, outcomes), the reviews and a form to start one (DPO: any unit; enhetschef: own).</summary>
public sealed class DashboardModel(LogReviews reviews, TimeProvider clock) : PageModel
{
    public ReviewDashboard Dashboard { get; private set; } = null!;
    [BindProperty] public string Period { get; set; } = "";
    [BindProperty] public string Unit { get; set; } = "";
    [BindProperty] public string Reviewer { get; set; } = "";
    public string? Error { get; private set; }

    private ProcessContext Context => ProcessContextFactory.For(User, Purposes.LogReview);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Dashboard = await reviews.GetDashboardAsync(Context, ct);
        Period = Labels.LocalTime(clock.GetUtcNow().UtcDateTime, "yyyy-MM");
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var result = await reviews.CreateRoundAsync(Context, Period, Unit, Reviewer, ct);
        if (result.Succeeded) return RedirectToPage("/Audit/Review", new { id = result.Id });
        Error = result.Error;
        Dashboard = await reviews.GetDashboardAsync(Context, ct);
        return Page();
    }

    public BarChart FlagsChart => new("flags", "Flaggor per vecka",
        "Antal loggposter som avvikelsereglerna flaggat per vecka, de senaste tolv veckorna.",
        Dashboard.FlagsPerWeek.Select(w => ("v" + ISOWeek.GetWeekOfYear(w.WeekStart.ToDateTime(TimeOnly.MinValue)).ToString(CultureInfo.InvariantCulture), w.Count)).ToList());

    public BarChart ReviewsChart => new("reviews", "Loggkontroller", "Antal loggkontroller som pågår och som är signerade.",
        [("Pågår", Dashboard.OpenRounds), ("Signerade", Dashboard.SignedRounds)], "#1d5e20");

    public BarChart OutcomesChart => new("outcomes", "Utfall", "Antal granskade poster per utfall i alla loggkontroller.",
        Dashboard.Outcomes.Select(o => (AuditLabels.Outcome(o.Outcome), o.Count)).ToList(), "#7a2e00");
}
