using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Admin;

/// <summary>
/// Creates a user in an authority with a role and unit and a start password (NIST rules apply).
/// The new user must enrol a second factor at the first login.
/// </summary>
public sealed class CreateUserModel(UserAdministration administration) : PageModel
{
    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string DisplayName { get; set; } = "";
    [BindProperty] public Guid AuthorityId { get; set; }
    [BindProperty] public string Role { get; set; } = "";
    [BindProperty] public string Unit { get; set; } = "";
    [BindProperty] public string InitialPassword { get; set; } = "";
    public IReadOnlyList<AuthorityView> Authorities { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public static IReadOnlyList<string> RoleOptions => Roles.All;

    public async Task OnGetAsync(CancellationToken ct) =>
        Authorities = (await administration.GetOverviewAsync(ProcessContextFactory.For(User), ct)).Authorities;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var context = ProcessContextFactory.For(User);
        var result = await administration.CreateUserAsync(context,
            new NewUserCommand(UserName ?? "", DisplayName ?? "", AuthorityId, Role ?? "", Unit ?? "", InitialPassword ?? ""), ct);
        if (result.Succeeded)
        {
            return RedirectToPage("/Admin/Index", new { status = "created" });
        }

        Errors = result.Errors;
        InitialPassword = "";
        Authorities = (await administration.GetOverviewAsync(context, ct)).Authorities;
        return Page();
    }
}
