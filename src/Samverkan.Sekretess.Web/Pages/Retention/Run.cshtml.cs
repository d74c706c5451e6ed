using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Retention;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Retention;

/// <summary>One thinning list: its candidates (ids, categories, case references, dates) and the arkivarie's approve/reject.</summary>
public sealed class RunModel(RetentionReview review) : PageModel
{
    public ThinningRunDetails Details { get; private set; } = null!;
    [BindProperty] public string? Note { get; set; }
    public string? Error { get; private set; }

    private ProcessContext Context => ProcessContextFactory.For(User, Purposes.Archive);

    public async Task OnGetAsync(Guid id, CancellationToken ct) => Details = await review.GetRunAsync(Context, id, ct);

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) => DecideAsync(id, true, ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct) => DecideAsync(id, false, ct);

    private async Task<IActionResult> DecideAsync(Guid id, bool approve, CancellationToken ct)
    {
        var result = await review.DecideAsync(Context, id, approve, Note, ct);
        if (result.Succeeded) return RedirectToPage("/Retention/Run", new { id });
        Error = result.Error;
        Details = await review.GetRunAsync(Context, id, ct);
        return Page();
    }
}
