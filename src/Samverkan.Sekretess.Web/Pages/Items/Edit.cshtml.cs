using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Items;

/// <summary>Edit an item of the caller's own authority. Optimistic concurrency: a stale edit is refused with a clear message.</summary>
public sealed class EditModel(CaseReads reads, ItemWrites items) : PageModel
{
    public ItemForEdit? Item { get; private set; }
    [BindProperty] public string Title { get; set; } = "";
    [BindProperty] public string Text { get; set; } = "";
    [BindProperty] public string? Contact { get; set; }
    [BindProperty] public Guid ConcurrencyStamp { get; set; }
    /// <summary>Set from the read on GET; on POST the hidden field only keeps the details as they are (it can never reveal them).</summary>
    [BindProperty] public bool ContactHidden { get; set; }
    public string? ErrorMessage { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Item = await reads.GetItemForEditAsync(ProcessContextFactory.For(User), id, ct);
        (Title, Text, Contact, ConcurrencyStamp, ContactHidden) = (Item.Title, Item.Text, Item.Contact, Item.ConcurrencyStamp, Item.ContactHidden);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await items.UpdateItemAsync(ProcessContextFactory.For(User), id, new UpdateItemCommand(Title, Text, Contact, ConcurrencyStamp, KeepContact: ContactHidden), ct);
            Item = await reads.GetItemForEditAsync(ProcessContextFactory.For(User), id, ct);
            return Redirect($"/Cases/Details/{Item.CaseId}");
        }
        catch (Exception e) when (e is InvalidCommandException or ConcurrencyConflictException)
        {
            ErrorMessage = e.Message;
            Item = await reads.GetItemForEditAsync(ProcessContextFactory.For(User), id, ct);
            return Page();
        }
    }
}
