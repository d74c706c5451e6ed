using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>
/// Registerutdrag, step 2: the mandatory secrecy screening. The DPO sees every line (automatic withholdings under
/// OSL 26:5 and 18 kap. marked), may withhold more, decides whether staff names are released, confirms and releases.
/// </summary>
public sealed class AccessReportDraftModel(AccessReports reports) : PageModel
{
    public AccessReportView Report { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) =>
        Report = await reports.GetForScreeningAsync(ProcessContextFactory.For(User, AccessReportModel.Purpose), id, ct);

    public async Task<IActionResult> OnPostSaveAsync(Guid id, List<long>? withhold, bool releaseStaff, CancellationToken ct)
    {
        var result = await reports.SaveScreeningAsync(ProcessContextFactory.For(User, AccessReportModel.Purpose), id, withhold ?? [], releaseStaff, ct);
        return await AfterAsync(id, result, ct);
    }

    public async Task<IActionResult> OnPostReleaseAsync(Guid id, bool confirmed, CancellationToken ct)
    {
        var result = await reports.ReleaseAsync(ProcessContextFactory.For(User, AccessReportModel.Purpose), id, confirmed, ct);
        if (result.Problem is null) return RedirectToPage("/Audit/AccessReportDocument", new { id });
        return await AfterAsync(id, result, ct);
    }

    private async Task<IActionResult> AfterAsync(Guid id, AccessReportResult result, CancellationToken ct)
    {
        if (result.Problem is null) return RedirectToPage("/Audit/AccessReportDraft", new { id });
        Error = result.Problem;
        await OnGetAsync(id, ct);
        return Page();
    }
}
