using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Admin;

/// <summary>
/// Creates a user in an authority with a role and unit, offering only the authorities and roles the policies would let
/// this administrator give. The account gets no password: the page shows a one-time code, once, with which the user
/// chooses their own password and then enrols their own second factor.
/// </summary>
public sealed class CreateUserModel(UserAdministration administration) : PageModel
{
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string DisplayName { get; set; } = "";
    [BindProperty] public Guid AuthorityId { get; set; }
    [BindProperty] public string Role { get; set; } = "";
    [BindProperty] public string Unit { get; set; } = "";
    public AccountOptions Options { get; private set; } = new([], []);
    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The new account's one-time code, shown once after the create (never in a URL or cookie).</summary>
    public SignInCode? Issued { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Options = await administration.GetNewUserOptionsAsync(ProcessContextFactory.For(User), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var context = ProcessContextFactory.For(User);
        var result = await administration.CreateUserAsync(context, new NewUserCommand(UserName ?? "", DisplayName ?? "", AuthorityId, Role ?? "", Unit ?? ""), ct);
        if (result.Succeeded)
        {
            Issued = result.SignInCode;
            return Page();
        }

        Errors = result.Errors;
        Options = await administration.GetNewUserOptionsAsync(context, ct);
        return Page();
    }
}
