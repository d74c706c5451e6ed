using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Agreement;

/// <summary>The agreement's åtgärdsplan: read by forum members, changed by the steering group and Lokala Brå (decided in Core).</summary>
public sealed class PlanModel(AgreementPlan plan) : PageModel
{
    public PlanView? Plan { get; private set; }
    [BindProperty] public string? AreaCode { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public Guid Owner { get; set; }
    [BindProperty] public DateOnly? Start { get; set; }
    [BindProperty] public DateOnly? End { get; set; }
    [BindProperty] public string? Indicator { get; set; }
    [BindProperty] public string? Target { get; set; }
    /// <summary>The form's double-submit token (never an id: the server makes every id).</summary>
    [BindProperty] public Guid RequestId { get; set; } = Guid.NewGuid();
    public string? ErrorMessage { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => Plan = await plan.GetAsync(Context(), id, ct);

    public async Task<IActionResult> OnPostAddAsync(Guid id, CancellationToken ct) => await TryAsync(id,
        () => plan.AddActivityAsync(Context(), id, new AddActivityCommand(AreaCode, Title, Description, Owner, Start, End, Indicator, Target, RequestId), ct), ct);

    public async Task<IActionResult> OnPostUpdateAsync(Guid id, Guid activityId, string? status, string? outcome, Guid stamp, CancellationToken ct) =>
        await TryAsync(id, () => plan.UpdateActivityAsync(Context(), activityId, new UpdateActivityCommand(status, outcome, stamp), ct), ct);

    private async Task<IActionResult> TryAsync(Guid id, Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
            return Redirect($"/Agreement/Plan/{id}");
        }
        catch (Exception e) when (e is InvalidCommandException or ConcurrencyConflictException)
        {
            ErrorMessage = e.Message;
            Plan = await plan.GetAsync(Context(), id, ct);
            return Page();
        }
    }

    private Samverkan.Sekretess.Core.Access.ProcessContext Context() => ProcessContextFactory.For(User, Purposes.FollowUp);
}
