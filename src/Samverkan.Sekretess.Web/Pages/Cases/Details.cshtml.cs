using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Cases;

/// <summary>Case overview. Core decides the case and every item; a deny or an unknown id is a 404.</summary>
public sealed class DetailsModel(CaseReads reads, CaseWrites writes) : PageModel
{
    public CaseDetails? Case { get; private set; }
    [BindProperty] public string Category { get; set; } = "";
    [BindProperty] public string Title { get; set; } = "";
    [BindProperty] public string Text { get; set; } = "";
    public string? ErrorMessage { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) =>
        Case = await reads.GetCaseAsync(ProcessContextFactory.For(User), id, ct);

    public async Task<IActionResult> OnPostAddItemAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await writes.AddItemAsync(ProcessContextFactory.For(User), id, new AddItemCommand(Category, Title, Text), ct);
            return Redirect($"/Cases/Details/{id}");
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            Case = await reads.GetCaseAsync(ProcessContextFactory.For(User), id, ct);
            return Page();
        }
    }
}
