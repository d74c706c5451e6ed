using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>Registerutdrag, step 1: the personnummer (POST only, never in a URL) starts a draft for screening.</summary>
public sealed class AccessReportModel(AccessReports reports) : PageModel
{
    public const string Purpose = "registerutdrag";
    [BindProperty] public string PersonalNumber { get; set; } = "";
    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => reports.EnsureAllowedAsync(ProcessContextFactory.For(User, Purpose), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await reports.CreateDraftAsync(ProcessContextFactory.For(User, Purpose), PersonalNumber, ct);
        if (result.Id is { } id) return RedirectToPage("/Audit/AccessReportDraft", new { id });
        Error = result.Problem;
        return Page();
    }
}
