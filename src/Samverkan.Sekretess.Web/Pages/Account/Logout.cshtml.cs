using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Auth;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>Logs out: a post (antiforgery), which ends the session on the server too (<see cref="SessionEnd"/>) and is audited.</summary>
public sealed class LogoutModel(SignInManager<ApplicationUser> signIn, SecurityEvents events) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await SessionEnd.LogOutAsync(HttpContext, signIn, events, ct);
        return LocalRedirect("/");
    }
}
