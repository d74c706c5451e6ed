using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Account;

public sealed class LogoutModel(SignInManager<ApplicationUser> signIn, SecurityEvents events) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = ProcessContextFactory.For(User).UserId;
        await signIn.SignOutAsync();
        if (userId is not null) await events.RecordAsync(userId, SecurityActions.Logout, permitted: true, ct: ct);
        return LocalRedirect("/");
    }
}
