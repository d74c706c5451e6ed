using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>
/// The period report of the loggkontroll. "Spara som PDF" is the browser's print dialog with the print stylesheet
/// (css/audit.css): no PDF library is bundled.
/// </summary>
public sealed class ReportModel(LogReviews reviews) : PageModel
{
    public PeriodReport Report { get; private set; } = null!;

    public async Task OnGetAsync(string? period, CancellationToken ct) =>
        Report = await reviews.GetPeriodReportAsync(ProcessContextFactory.For(User, Purposes.LogReview), period ?? "", ct);
}
