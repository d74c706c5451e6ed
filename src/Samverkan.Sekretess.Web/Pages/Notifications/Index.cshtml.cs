using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Notifications;

/// <summary>Aviseringar: "there is something for you to look at", never content.</summary>
public sealed class IndexModel(NotificationReads reads) : PageModel
{
    public IReadOnlyList<NotificationView> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await reads.ListMineAsync(ProcessContextFactory.For(User), ct);

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await reads.MarkAllReadAsync(ProcessContextFactory.For(User), ct);
        return Redirect("/Notifications");
    }
}
