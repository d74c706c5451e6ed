using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// Step two with a recovery code instead of the app (lost phone). Each code works once. Identity does
/// not count wrong recovery codes toward lockout, so this page does, and it checks lockout first.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Auth.AuthenticationSetup.LoginRateLimitPolicy)]
public sealed class RecoveryModel(SignInManager<ApplicationUser> signIn, SecurityEvents events) : PageModel
{
    [BindProperty] public string RecoveryCode { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? ErrorMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        if (!await signIn.CanSignInAsync(user) || await signIn.UserManager.IsLockedOutAsync(user))
        {
            await events.RecordAsync(user.Id, SecurityActions.LockedOut, permitted: false, ct: ct);
            await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            ErrorMessage = "Kontot är tillfälligt låst. Försök igen senare eller kontakta systemförvaltaren.";
            return Page();
        }

        var code = (RecoveryCode ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        var result = code.Length is > 0 and <= 64 ? await signIn.TwoFactorRecoveryCodeSignInAsync(code) : Microsoft.AspNetCore.Identity.SignInResult.Failed;
        if (result.Succeeded)
        {
            await events.RecordAsync(user.Id, SecurityActions.RecoveryCode, permitted: true, ct: ct);
            return LocalRedirect(LoginModel.SafeReturnUrl(Url, ReturnUrl));
        }

        await signIn.UserManager.AccessFailedAsync(user);
        await events.RecordAsync(user.Id, SecurityActions.RecoveryCode, permitted: false, ct: ct);
        RecoveryCode = "";
        ErrorMessage = "Återställningskoden stämmer inte eller har redan använts.";
        return Page();
    }
}
