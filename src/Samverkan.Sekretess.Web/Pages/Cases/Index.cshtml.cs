using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Cases;

/// <summary>"Mina ärenden": only cases the PDP lets the caller read, filtered in Core, never in the view.</summary>
public sealed class IndexModel(CaseReads reads) : PageModel
{
    public IReadOnlyList<CaseListEntry> Cases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Cases = await reads.ListMyCasesAsync(ProcessContextFactory.For(User), ct);
}
