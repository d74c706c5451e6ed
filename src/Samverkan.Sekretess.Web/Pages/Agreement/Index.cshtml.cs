using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Agreement;

/// <summary>The agreements the caller sits in a forum of or reports to; the PDP decides each one in Core.</summary>
public sealed class IndexModel(AgreementReads reads) : PageModel
{
    public IReadOnlyList<AgreementListEntry> Agreements { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Agreements = await reads.ListMineAsync(ProcessContextFactory.For(User, Purposes.Meeting), ct);
}
