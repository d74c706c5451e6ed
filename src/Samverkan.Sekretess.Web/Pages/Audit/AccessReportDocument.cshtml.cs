using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>The released registerutdrag: readable Swedish HTML (print → "Spara som PDF") and machine-readable JSON.</summary>
public sealed class AccessReportDocumentModel(AccessReports reports) : PageModel
{
    public AccessReportView Report { get; private set; } = null!;

    public async Task OnGetAsync(Guid id, CancellationToken ct) =>
        Report = await reports.GetReleasedAsync(ProcessContextFactory.For(User, AccessReportModel.Purpose), id, ct);

    public async Task<IActionResult> OnGetJsonAsync(Guid id, CancellationToken ct)
    {
        var report = await reports.GetReleasedAsync(ProcessContextFactory.For(User, AccessReportModel.Purpose), id, ct);
        return File(Encoding.UTF8.GetBytes(AccessReportJson.Serialize(report)), "application/json; charset=utf-8", $"registerutdrag-{id:N}.json");
    }
}
