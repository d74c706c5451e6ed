using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Share;

/// <summary>
/// "Dela med …": choose a recipient among the case's parties, see exactly what it will see, choose a ground that fits,
/// answer what the ground requires and decide. Only the owning authority gets this page; anyone else gets a 404.
/// The URL carries ids and ground codes only.
/// </summary>
public sealed class IndexModel(DisclosurePlanner planner, DisclosureWrites writes) : PageModel
{
    public ShareForm? Form { get; private set; }
    public GroundOption? Ground { get; private set; }
    [BindProperty(SupportsGet = true)] public Guid? Recipient { get; set; }
    [BindProperty(SupportsGet = true, Name = "ground")] public string? GroundKey { get; set; }
    [BindProperty] public ShareInput Input { get; set; } = new();
    public string? ErrorMessage { get; private set; }
    public IReadOnlyList<string> Reasons { get; private set; } = [];

    public sealed class ShareInput
    {
        /// <summary>The chosen consent, or one per person the record is about: ids separated by commas.</summary>
        public string? ConsentIds { get; set; }
        public Dictionary<string, string> Answers { get; set; } = [];
        public string? Assessment { get; set; }
        /// <summary>The begäran this answers; null = on the authority's own initiative.</summary>
        public Guid? Answering { get; set; }
        public string Channel { get; set; } = DisclosureChannels.System;
        public bool IncludeContact { get; set; }
        public Guid RequestKey { get; set; } = Guid.NewGuid();
    }

    public async Task<IActionResult> OnGetAsync(string type, Guid id, CancellationToken ct)
    {
        if (type is not ("item" or "action_plan")) return NotFound();
        await LoadOrDropRecipientAsync(type, id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string type, Guid id, CancellationToken ct)
    {
        if (type is not ("item" or "action_plan") || Recipient is not { } recipient) return NotFound();
        try
        {
            var answers = Input.Answers.Where(a => !string.IsNullOrEmpty(a.Value)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
            await writes.DiscloseAsync(ProcessContextFactory.For(User), type, id, new DiscloseCommand(recipient, GroundKey, ParseIds(Input.ConsentIds), answers,
                Input.Assessment, Input.Answering is null ? DisclosureInitiatives.OwnInitiative : DisclosureInitiatives.OnRequest, Input.Channel,
                Input.IncludeContact, Input.Answering, Input.RequestKey), ct);
            await LoadAsync(type, id, ct);
            TempData["Notice"] = Input.IncludeContact && Form!.Preview?.ContactSuppressedByDefault == true
                ? "Utlämnandet är registrerat och väntar på godkännande av en andra person innan mottagaren ser något."
                : "Uppgiften är utlämnad och utlämnandet är registrerat.";
            return Redirect($"/Disclosures/Case/{Form!.CaseId}");
        }
        catch (Exception e) when (e is InvalidCommandException or DisclosureRefusedException)
        {
            ErrorMessage = e.Message;
            Reasons = (e as DisclosureRefusedException)?.Reasons ?? [];
            // A recipient outside the case fails the form's own load too: show the choice of recipients again, the input kept.
            await LoadOrDropRecipientAsync(type, id, ct);
            return Page();
        }
    }

    private static List<Guid>? ParseIds(string? ids) =>
        ids?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => Guid.TryParse(x, out var g) ? g : Guid.Empty).ToList();

    /// <summary>Loads the form; a recipient that is not a party of the case is dropped with the planner's Swedish message.</summary>
    private async Task LoadOrDropRecipientAsync(string type, Guid id, CancellationToken ct)
    {
        try
        {
            await LoadAsync(type, id, ct);
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            Recipient = null;
            await LoadAsync(type, id, ct);
        }
    }

    private async Task LoadAsync(string type, Guid id, CancellationToken ct)
    {
        Form = await planner.GetAsync(ProcessContextFactory.For(User), type, id, Recipient, ct);
        Ground = GroundKey is null ? null : Form.Grounds.FirstOrDefault(g => g.Key == GroundKey);
    }
}
