using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Cases;

/// <summary>
/// Case overview: the parts the caller may see, and the actions the PDP would permit. Core decides
/// the case, every item and every plan entry; a deny or an unknown id is a 404.
/// </summary>
public sealed class DetailsModel(CaseReads reads, CaseWrites cases, ItemWrites items, ActionPlanWrites plan, Samverkan.Sekretess.Core.BreakGlass.BreakGlassService glass) : PageModel
{
    public CaseDetails? Case { get; private set; }
    [BindProperty] public ItemInput Item { get; set; } = new();
    [BindProperty] public PlanInput Plan { get; set; } = new();
    public string? ErrorMessage { get; private set; }
    public string? ErrorSection { get; private set; }

    /// <summary>Declared purpose of this access (handläggning, samverkansmöte …); recorded in every audit entry.</summary>
    [BindProperty(SupportsGet = true)] public string Purpose { get; set; } = Purposes.CaseWork;

    private ProcessContext Context => ProcessContextFactory.For(User, Purposes.All.Contains(Purpose) ? Purpose : Purposes.CaseWork);

    public sealed class ItemInput
    {
        public string Category { get; set; } = "";
        public string Title { get; set; } = "";
        public string Text { get; set; } = "";
        public string? Contact { get; set; }
        /// <summary>Further persons of the case the item is also about (the case's person always is).</summary>
        public List<Guid> OtherSubjects { get; set; } = [];
        /// <summary>A person not yet in the case whom the item is also about (posted in the body, never in a URL).</summary>
        public string? NewSubjectPersonalNumber { get; set; }
        public string? NewSubjectName { get; set; }
        /// <summary>Fresh per rendered form; a double submit reuses it and creates nothing twice.</summary>
        public Guid RequestId { get; set; } = Guid.NewGuid();
    }

    public sealed class PlanInput
    {
        public string What { get; set; } = "";
        public string Responsible { get; set; } = "";
        public DateOnly? DueDate { get; set; }
        public Guid RequestId { get; set; } = Guid.NewGuid();
    }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => Case = await reads.GetCaseAsync(Context, id, ct);

    public Task<IActionResult> OnPostAddItemAsync(Guid id, CancellationToken ct) => RunAsync(id, "item", () =>
        items.AddItemAsync(Context, id, new AddItemCommand(Item.Category, Item.Title, Item.Text, Item.Contact, Item.RequestId, null, Item.OtherSubjects,
            string.IsNullOrWhiteSpace(Item.NewSubjectPersonalNumber) && string.IsNullOrWhiteSpace(Item.NewSubjectName)
                ? null : new NewPersonCommand(Item.NewSubjectPersonalNumber, Item.NewSubjectName)), ct), ct);

    public Task<IActionResult> OnPostAddPlanEntryAsync(Guid id, CancellationToken ct) => RunAsync(id, "plan", () =>
        plan.AddEntryAsync(Context, id,
            new AddActionPlanEntryCommand(Plan.What, Plan.Responsible, Plan.DueDate ?? throw new InvalidCommandException("Ange senast-datum."), Plan.RequestId), ct), ct);

    public Task<IActionResult> OnPostPlanStatusAsync(Guid id, Guid entryId, string status, Guid stamp, CancellationToken ct) => RunAsync(id, "plan", () =>
        plan.UpdateStatusAsync(Context, entryId, new UpdateActionPlanStatusCommand(status, stamp), ct), ct);

    [BindProperty] public string? BreakGlassReason { get; set; }
    [BindProperty] public bool AcuteDanger { get; set; }

    public Task<IActionResult> OnPostBreakGlassAsync(Guid id, CancellationToken ct) => RunAsync(id, "glass", async () =>
    {
        if (!AcuteDanger || string.IsNullOrWhiteSpace(BreakGlassReason))
            throw new InvalidCommandException("Nödåtkomst kräver att du intygar akut fara för liv eller hälsa och skriver skälet.");
        await glass.StartAsync(Context, id, BreakGlassReason, AcuteDanger, ct);
    }, ct);

    public Task<IActionResult> OnPostStopBreakGlassAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, "glass", () => glass.StopAsync(Context, id, ct), ct);

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, "status", () => cases.CloseAsync(Context, id, ct), ct);

    public Task<IActionResult> OnPostRemoveParticipantAsync(Guid id, Guid authorityId, CancellationToken ct) =>
        RunAsync(id, "participants", () => cases.RemoveParticipantAsync(Context, id, authorityId, ct), ct);

    public Task<IActionResult> OnPostReopenAsync(Guid id, CancellationToken ct) =>
        RunAsync(id, "status", () => cases.ReopenAsync(Context, id, ct), ct);

    /// <summary>Post-redirect-get on success (a reload never resubmits); on a fixable error, the page again with a Swedish message.</summary>
    private async Task<IActionResult> RunAsync(Guid id, string section, Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
            return Redirect($"/Cases/Details/{id}?purpose={Uri.EscapeDataString(Context.Purpose)}");
        }
        catch (Exception e) when (e is InvalidCommandException or ConcurrencyConflictException)
        {
            ErrorMessage = e.Message;
            ErrorSection = section;
            Case = await reads.GetCaseAsync(Context, id, ct);
            return Page();
        }
    }
}
