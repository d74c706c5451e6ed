using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// Step one of two: the password, with lockout. One message for every failure, so user names cannot be
/// probed. Success never signs the user in: it only starts the second-factor step (a five-minute
/// cookie holding the user id), which leads to <c>/Account/Mfa</c>, or to <c>/Account/Enrol</c> for a
/// user who has no authenticator yet.
/// </summary>
public sealed class LoginModel(SignInManager<ApplicationUser> signIn, SecurityEvents events) : PageModel
{
    internal const string FailureMessage = "Inloggningen misslyckades. Kontrollera användarnamn och lösenord.";

    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? ErrorMessage { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(UserName) || UserName.Length > 256 ? null : await signIn.UserManager.FindByNameAsync(UserName.Trim());
        if (user is null || user.Disabled)
        {
            await events.RecordAsync(user?.Id, SecurityActions.PasswordStep, permitted: false, ct: ct);
            return Failed();
        }

        var result = await signIn.CheckPasswordSignInAsync(user, Password, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await events.RecordAsync(user.Id, result.IsLockedOut ? SecurityActions.LockedOut : SecurityActions.PasswordStep, permitted: false, ct: ct);
            return Failed();
        }

        await events.RecordAsync(user.Id, SecurityActions.PasswordStep, permitted: true, ct: ct);
        // A new session starts here: drop whatever was signed in before (session fixation), then hold only the user id.
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        var pending = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
        pending.AddClaim(new Claim(ClaimTypes.Name, user.Id));
        await HttpContext.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(pending));

        var enrolled = user.TwoFactorEnabled && !string.IsNullOrEmpty(await signIn.UserManager.GetAuthenticatorKeyAsync(user));
        return RedirectToPage(enrolled ? "/Account/Mfa" : "/Account/Enrol", new { ReturnUrl = SafeReturnUrl(Url, ReturnUrl) });
    }

    private PageResult Failed()
    {
        ErrorMessage = FailureMessage;
        Password = "";
        return Page();
    }

    /// <summary>Only local paths are followed after login (no open redirect).</summary>
    internal static string SafeReturnUrl(IUrlHelper url, string? returnUrl) => url.IsLocalUrl(returnUrl) ? returnUrl! : "/Cases";
}
