using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>One loggkontroll: each entry with its flags, an outcome and a note per entry, the reviewer, and the sign-off.</summary>
public sealed class ReviewModel(LogReviews reviews) : PageModel
{
    public ReviewRoundView Round { get; private set; } = null!;
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    private ProcessContext Context => ProcessContextFactory.For(User, Purposes.LogReview);

    public async Task OnGetAsync(Guid id, string? saved, CancellationToken ct)
    {
        Round = await reviews.GetRoundAsync(Context, id, ct);
        Message = saved switch
        {
            "outcome" => "Bedömningen är sparad.",
            "assigned" => "Granskaren är ändrad.",
            "signed" => "Loggkontrollen är signerad.",
            _ => null,
        };
    }

    public Task<IActionResult> OnPostOutcomeAsync(Guid id, Guid itemId, string outcome, string? note, CancellationToken ct) =>
        ApplyAsync(id, "outcome", reviews.RecordOutcomeAsync(Context, id, itemId, outcome, note, ct), ct);

    public Task<IActionResult> OnPostAssignAsync(Guid id, string reviewer, CancellationToken ct) =>
        ApplyAsync(id, "assigned", reviews.AssignAsync(Context, id, reviewer, ct), ct);

    public Task<IActionResult> OnPostSignAsync(Guid id, string? note, CancellationToken ct) =>
        ApplyAsync(id, "signed", reviews.SignOffAsync(Context, id, note, ct), ct);

    private async Task<IActionResult> ApplyAsync(Guid id, string saved, Task<ReviewResult> action, CancellationToken ct)
    {
        var result = await action;
        if (result.Succeeded) return RedirectToPage("/Audit/Review", null, new { id, saved }, "main");
        Error = result.Error;
        Round = await reviews.GetRoundAsync(Context, id, ct);
        return Page();
    }
}
