using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Meetings;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Meetings;

/// <summary>One meeting: time, present authorities, attendance and the agenda (the person only where a consent covers everyone present).</summary>
public sealed class DetailsModel(MeetingReads reads) : PageModel
{
    public MeetingDetails? Data { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) =>
        Data = await reads.GetAsync(ProcessContextFactory.For(User, Purposes.Meeting), id, ct);
}
