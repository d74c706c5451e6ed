using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>The DPO's audit view: metadata only. Whether the caller may see it is the PDP's call (audit.read).</summary>
public sealed class IndexModel(AuditReads audit) : PageModel
{
    public IReadOnlyList<AuditEntryView> Entries { get; private set; } = [];
    public AuditChainReport? Chain { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Entries = await audit.ListAsync(ProcessContextFactory.For(User, Purposes.LogReview), 200, ct);

    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        var context = ProcessContextFactory.For(User, Purposes.LogReview);
        Chain = await audit.VerifyChainAsync(context, ct);
        Entries = await audit.ListAsync(context, 200, ct);
    }
}
