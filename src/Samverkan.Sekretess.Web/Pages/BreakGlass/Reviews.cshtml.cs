using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.BreakGlass;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.BreakGlass;

/// <summary>The DPO's review of nödåtkomst in their own authority: who, when, why, how many reads — never case content.</summary>
public sealed class ReviewsModel(BreakGlassService glass) : PageModel
{
    public IReadOnlyList<BreakGlassReviewView> Sessions { get; private set; } = [];
    [BindProperty] public string? Note { get; set; }
    public string? ErrorMessage { get; private set; }

    private ProcessContext Context => ProcessContextFactory.For(User, Purposes.LogReview);

    public async Task OnGetAsync(CancellationToken ct) => Sessions = await glass.ListForReviewAsync(Context, ct);

    public async Task<IActionResult> OnPostAsync(Guid sessionId, CancellationToken ct)
    {
        try
        {
            await glass.ReviewAsync(Context, sessionId, Note, ct);
            return Redirect("/BreakGlass/Reviews");
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            Sessions = await glass.ListForReviewAsync(Context, ct);
            return Page();
        }
    }
}
