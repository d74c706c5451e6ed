using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Retention;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Retention;

/// <summary>Gallringslistor: the arkivarie's list of the own authority's thinning lists. Everyone else: 404 (audited).</summary>
public sealed class IndexModel(RetentionReview review) : PageModel
{
    public IReadOnlyList<ThinningRunView> Runs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Runs = await review.ListRunsAsync(ProcessContextFactory.For(User, Purposes.Archive), ct);
}
