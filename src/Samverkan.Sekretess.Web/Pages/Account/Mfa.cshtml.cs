using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// Step two: the six-digit code from the authenticator app. A wrong code counts toward lockout like a
/// wrong password and is audited; a code that was already used is refused (replay).
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Auth.AuthenticationSetup.LoginRateLimitPolicy)]
public sealed class MfaModel(SignInManager<ApplicationUser> signIn, SecurityEvents events) : PageModel
{
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? ErrorMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code ?? "", isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await events.RecordAsync(user.Id, SecurityActions.SecondFactor, permitted: true, ct: ct);
            return LocalRedirect(LoginModel.SafeReturnUrl(Url, ReturnUrl));
        }

        Code = "";
        if (result.IsLockedOut || result.IsNotAllowed || await signIn.UserManager.IsLockedOutAsync(user))
        {
            await events.RecordAsync(user.Id, SecurityActions.LockedOut, permitted: false, ct: ct);
            await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            ErrorMessage = "Kontot är tillfälligt låst efter för många felaktiga försök. Försök igen senare eller kontakta systemförvaltaren.";
            return Page();
        }

        await events.RecordAsync(user.Id, SecurityActions.SecondFactor, permitted: false, ct: ct);
        ErrorMessage = "Koden stämmer inte eller har redan använts. Vänta på nästa kod i appen och försök igen.";
        return Page();
    }
}
