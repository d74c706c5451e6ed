using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Web.Auth;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// "Byt lösenord": the current password and a new one twice, under the same rules as every password (12–128 characters,
/// not on the breached list, not containing the user name). Needs a fresh proof; a wrong current password counts toward
/// lockout. The new security stamp ends every other session; this one continues. Audited and notified.
/// </summary>
[RequireFreshAuthentication]
[EnableRateLimiting(AuthenticationSetup.LoginRateLimitPolicy)]
public sealed class PasswordModel(SignInManager<ApplicationUser> signIn, SecurityEvents events) : PageModel
{
    [BindProperty] public string CurrentPassword { get; set; } = "";
    [BindProperty] public string NewPassword { get; set; } = "";
    [BindProperty] public string RepeatPassword { get; set; } = "";
    public IReadOnlyList<(string Field, string Message)> Errors { get; private set; } = [];
    public bool HasPassword { get; private set; } = true;

    private UserManager<ApplicationUser> Users => signIn.UserManager;

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        HasPassword = await Users.HasPasswordAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        HasPassword = await Users.HasPasswordAsync(user);
        if (!HasPassword) return Page();
        var errors = new List<(string, string)>();
        if (string.IsNullOrEmpty(CurrentPassword)) errors.Add((nameof(CurrentPassword), "Skriv ditt nuvarande lösenord."));
        if (string.IsNullOrEmpty(NewPassword)) errors.Add((nameof(NewPassword), "Skriv ett nytt lösenord."));
        else if (!string.Equals(NewPassword, RepeatPassword, StringComparison.Ordinal))
            errors.Add((nameof(RepeatPassword), "Lösenorden är inte likadana. Skriv samma nya lösenord två gånger."));
        if (errors.Count > 0) return Failed(errors);

        var result = await Users.ChangePasswordAsync(user, CurrentPassword, NewPassword);
        if (!result.Succeeded)
        {
            var wrongCurrent = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            if (wrongCurrent) await Users.AccessFailedAsync(user);
            await events.RecordAsync(user.Id, SecurityActions.PasswordChanged, permitted: false, ct: ct);
            return Failed(wrongCurrent
                ? [(nameof(CurrentPassword), "Det nuvarande lösenordet stämmer inte.")]
                : result.Errors.Select(e => (nameof(NewPassword), e.Description)).ToList());
        }

        await Users.ResetAccessFailedCountAsync(user);
        await Reauthentication.ReissueAsync(signIn, user, User, reauthenticatedAt: null);
        await events.RecordCredentialChangeAsync(user.Id, SecurityActions.PasswordChanged, NotificationKinds.AccountPasswordChanged, ct);
        return RedirectToPage("/Account/Security", new { status = "password" });
    }

    private PageResult Failed(IReadOnlyList<(string Field, string Message)> errors)
    {
        Errors = errors;
        (CurrentPassword, NewPassword, RepeatPassword) = ("", "", "");
        return Page();
    }
}
