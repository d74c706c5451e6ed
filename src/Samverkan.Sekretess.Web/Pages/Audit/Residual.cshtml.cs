using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.NeedToKnow;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>Kvarvarande åtkomst: who still has access to our authority's information, and why (the DPO only; others 404).</summary>
public sealed class ResidualModel(ResidualAccess residual) : PageModel
{
    public ResidualAccessReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Report = await residual.ReportAsync(ProcessContextFactory.For(User, Purposes.LogReview), ct);
}
