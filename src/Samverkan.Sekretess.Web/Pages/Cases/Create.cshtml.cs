using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Cases;

/// <summary>Opens a case. Who may is decided by the PDP in Core (case.create); a deny is a 404.</summary>
public sealed class CreateModel(CaseWrites writes, DirectoryReads directory) : PageModel
{
    public IReadOnlyList<AuthorityView> Authorities { get; private set; } = [];
    [BindProperty] public List<Guid> Participants { get; set; } = [];
    [BindProperty] public string Type { get; set; } = CaseTypes.Sig;
    [BindProperty] public string PersonalNumber { get; set; } = "";
    [BindProperty] public string PersonName { get; set; } = "";
    public string? ErrorMessage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Authorities = await directory.ListAuthoritiesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var id = await writes.OpenCaseAsync(ProcessContextFactory.For(User), new OpenCaseCommand(Type, PersonalNumber, PersonName, Participants), ct);
            return Redirect($"/Cases/Details/{id}");
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            Authorities = await directory.ListAuthoritiesAsync(ct);
            return Page();
        }
    }
}
