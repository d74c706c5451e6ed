using Microsoft.AspNetCore.Authentication;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Auth;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// Forced enrolment of the second factor for a user without an authenticator (after the password
/// step): show the shared key and otpauth URI as text, confirm with one code, then show ten recovery
/// codes once. Only then is the user signed in (amr=mfa).
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Auth.AuthenticationSetup.LoginRateLimitPolicy)]
public sealed class EnrolModel(SignInManager<ApplicationUser> signIn, SecurityEvents events) : PageModel
{
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];
    public string ContinueUrl => LoginModel.SafeReturnUrl(Url, ReturnUrl);
    public string? ErrorMessage { get; private set; }

    private UserManager<ApplicationUser> Users => signIn.UserManager;

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        if (user.TwoFactorEnabled && !string.IsNullOrEmpty(await Users.GetAuthenticatorKeyAsync(user)))
            return RedirectToPage("/Account/Mfa", new { ReturnUrl });
        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/Login");
        if (user.TwoFactorEnabled && !string.IsNullOrEmpty(await Users.GetAuthenticatorKeyAsync(user)))
            return RedirectToPage("/Account/Mfa", new { ReturnUrl });
        if (!await signIn.CanSignInAsync(user) || await Users.IsLockedOutAsync(user))
        {
            await events.RecordAsync(user.Id, SecurityActions.LockedOut, permitted: false, ct: ct);
            await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            return RedirectToPage("/Account/Login");
        }

        if (!await Users.VerifyTwoFactorTokenAsync(user, Users.Options.Tokens.AuthenticatorTokenProvider, Code ?? ""))
        {
            await Users.AccessFailedAsync(user);
            await events.RecordAsync(user.Id, SecurityActions.Enrolment, permitted: false, ct: ct);
            ErrorMessage = "Koden stämmer inte. Kontrollera att du har lagt in nyckeln rätt och att klockan i telefonen går rätt.";
            Code = "";
            await LoadKeyAsync(user);
            return Page();
        }

        await Users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = (await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await Users.ResetAccessFailedCountAsync(user);
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim(MfaClaims.Amr, MfaClaims.Mfa)]);
        await events.RecordAsync(user.Id, SecurityActions.Enrolment, permitted: true, ct: ct);
        return Page();
    }

    private async Task LoadKeyAsync(ApplicationUser user)
    {
        var key = await Users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await Users.ResetAuthenticatorKeyAsync(user);
            key = await Users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        SharedKey = grouped.ToString().TrimEnd().ToLowerInvariant();
        AuthenticatorUri = $"otpauth://totp/Samverkan.Sekretess:{Uri.EscapeDataString(user.UserName ?? "")}?secret={key}&issuer=Samverkan.Sekretess&digits=6&period=30";
    }
}
