using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Admin;

/// <summary>
/// Resets a user's sign-in, in two posts (the user id never goes in a URL): confirm what will stop working, then reset
/// and show the new one-time code once. The administrator never sees or chooses the user's new password or second factor.
/// Two kinds: the whole sign-in (password, second factor, recovery codes, passkeys), or only the password for a user who
/// forgot it and still has their authenticator app; either way the user must choose a new password with the code before
/// they can sign in again.
/// </summary>
public sealed class ResetModel(UserAdministration administration) : PageModel
{
    public UserAccountView? Account { get; private set; }
    public SignInReset? Issued { get; private set; }

    /// <summary>"password": only the password was reset; otherwise the whole sign-in.</summary>
    public string? Scope { get; private set; }

    public IActionResult OnGet() => RedirectToPage("/Admin/Index");

    public async Task<IActionResult> OnPostConfirmAsync(string userId, CancellationToken ct)
    {
        Account = await administration.GetUserAsync(ProcessContextFactory.For(User), userId ?? "", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string userId, string? scope, CancellationToken ct)
    {
        Scope = scope == "password" ? scope : null;
        Issued = Scope is null
            ? await administration.ResetSignInAsync(ProcessContextFactory.For(User), userId ?? "", ct)
            : await administration.ResetPasswordAsync(ProcessContextFactory.For(User), userId ?? "", ct);
        return Page();
    }
}
