using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Meetings;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Meetings;

/// <summary>
/// The agenda item (the case at this meeting): each authority's part of the minutes and its actions, the form for the
/// caller's own part, and "lämna ut till de närvarande med samtycke". Core decides meeting.agenda (404 unless the caller's
/// authority is present and the consent covers everyone present), meeting.record, item.create, actionplan.create and each
/// item.disclose.
/// </summary>
public sealed class ItemModel(MeetingReads reads, MeetingWrites writes) : PageModel
{
    public MeetingItem? Data { get; private set; }
    [BindProperty] public MinutesInput Minutes { get; set; } = new();
    [BindProperty] public ActionInput Action { get; set; } = new();
    public string? ErrorMessage { get; private set; }
    public string? ErrorSection { get; private set; }
    public IReadOnlyList<MeetingDisclosureOutcome> Outcomes { get; private set; } = [];

    public sealed class MinutesInput
    {
        public string? Category { get; set; }
        public string? Text { get; set; }
        public Guid RequestId { get; set; } = Guid.NewGuid();
    }

    public sealed class ActionInput
    {
        public string? What { get; set; }
        public string? Responsible { get; set; }
        public DateOnly? DueDate { get; set; }
        public Guid RequestId { get; set; } = Guid.NewGuid();
    }

    private ProcessContext Context => ProcessContextFactory.For(User, Purposes.Meeting);

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Data = await reads.GetItemAsync(Context, id, ct);
        Action.DueDate ??= DateOnly.FromDateTime(DateTime.Today).AddDays(14);
    }

    public async Task<IActionResult> OnPostMinutesAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await writes.RecordMinutesAsync(Context, id, new RecordMinutesCommand(Minutes.Category, Minutes.Text, Minutes.RequestId), ct);
            return Redirect($"/Meetings/Item/{id}");
        }
        catch (InvalidCommandException e)
        {
            return await FailAsync(id, "minutes", e.Message, ct);
        }
    }

    public async Task<IActionResult> OnPostActionAsync(Guid id, CancellationToken ct)
    {
        try
        {
            if (Action.DueDate is not { } due) throw new InvalidCommandException("Ange ett datum.");
            await writes.AddActionAsync(Context, id, new AddActionPlanEntryCommand(Action.What ?? "", Action.Responsible ?? "", due, Action.RequestId), ct);
            return Redirect($"/Meetings/Item/{id}");
        }
        catch (InvalidCommandException e)
        {
            return await FailAsync(id, "action", e.Message, ct);
        }
    }

    public async Task<IActionResult> OnPostDiscloseAsync(Guid id, string type, Guid resourceId, Guid requestKey, CancellationToken ct)
    {
        Outcomes = await writes.DiscloseToPresentAsync(Context, id, type is "action_plan" ? "action_plan" : "item", resourceId, requestKey, ct);
        Data = await reads.GetItemAsync(Context, id, ct);
        Action.DueDate ??= DateOnly.FromDateTime(DateTime.Today).AddDays(14);
        return Page();
    }

    private async Task<IActionResult> FailAsync(Guid id, string section, string message, CancellationToken ct)
    {
        (ErrorMessage, ErrorSection) = (message, section);
        Data = await reads.GetItemAsync(Context, id, ct);
        return Page();
    }
}
