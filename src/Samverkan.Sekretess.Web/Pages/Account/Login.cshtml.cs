using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Web.Auth;
using Samverkan.Sekretess.Web.Auth.Federation;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// Step one of two: the password, with lockout. One message for every failure, so user names cannot be
/// probed. Success never signs the user in: it only starts the second-factor step (a five-minute
/// cookie holding the user id), which leads to <c>/Account/Mfa</c>, or to <c>/Account/Enrol</c> for a
/// user who has no authenticator yet.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Auth.AuthenticationSetup.LoginRateLimitPolicy)]
public sealed class LoginModel(SignInManager<ApplicationUser> signIn, PasswordDecoy decoy, SecurityEvents events,
    IOptions<Dictionary<string, FederationProviderSettings>> federation) : PageModel
{
    internal const string FailureMessage = "Inloggningen misslyckades. Kontrollera användarnamn och lösenord.";
    internal const string PasskeyFailureMessage = "Inloggningen med nyckel misslyckades. Försök igen eller logga in med lösenord och engångskod.";

    /// <summary>The JSON of <c>navigator.credentials.get()</c> (passkey login).</summary>
    [BindProperty] public string? CredentialJson { get; set; }

    [BindProperty] public string UserName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? ErrorMessage { get; private set; }

    /// <summary>Outcome code of a federated login (no personal data): denied or failed.</summary>
    [BindProperty(SupportsGet = true, Name = "federation")] public string? FederationOutcome { get; set; }

    /// <summary>The configured identity providers (name, display name), for "Logga in via …".</summary>
    public IReadOnlyList<(string Name, string DisplayName)> Providers =>
        federation.Value.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.DisplayName.Length > 0 ? p.Value.DisplayName : p.Key)).ToList();

    public void OnGet()
    {
        ErrorMessage = FederationOutcome switch
        {
            "denied" => "Inloggningen via identitetsleverantören gav ingen behörighet här. Kontakta systemförvaltaren om du ska ha tillgång.",
            "failed" => "Inloggningen via identitetsleverantören misslyckades. Försök igen.",
            _ => null,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(UserName) || UserName.Length > 256 ? null : await signIn.UserManager.FindByNameAsync(UserName.Trim());
        // Same work on every failure path: an unknown name verifies a decoy hash, and a disabled or locked account verifies one
        // inside the sign-in manager, so the answer's time does not tell which of them it was (SamverkanSignInManager).
        if (user is null) decoy.Verify(signIn.UserManager.PasswordHasher, Password);
        var result = user is null ? Microsoft.AspNetCore.Identity.SignInResult.Failed : await signIn.CheckPasswordSignInAsync(user, Password ?? "", lockoutOnFailure: true);
        if (user is null || !result.Succeeded)
        {
            await events.RecordAsync(user?.Id, result.IsLockedOut ? SecurityActions.LockedOut : SecurityActions.PasswordStep, permitted: false, ct: ct);
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

    /// <summary>Passkey login, step one: a fresh challenge for any discoverable passkey of this site (no user name needed).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");

    /// <summary>
    /// Passkey login, step two. A passkey with user verification is two factors by itself (the device, and the PIN or
    /// biometrics that unlock it), so it completes the sign-in (amr=mfa) without password or code. The same rules as
    /// for the password apply: disabled, locked-out and system accounts cannot sign in, and every attempt is audited.
    /// </summary>
    public async Task<IActionResult> OnPostPasskeyAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(CredentialJson) || CredentialJson.Length > 16_000) return PasskeyFailed();
        PasskeyAssertionResult<ApplicationUser> assertion;
        try
        {
            assertion = await signIn.PerformPasskeyAssertionAsync(CredentialJson);
        }
        catch (InvalidOperationException)
        {
            // No ceremony under way (no or expired options cookie).
            assertion = PasskeyAssertionResult.Fail<ApplicationUser>(new PasskeyException("No passkey assertion under way."));
        }

        var user = assertion.Succeeded ? assertion.User : null;
        if (user is null || assertion.Passkey?.IsUserVerified != true || !await signIn.CanSignInAsync(user) || await signIn.UserManager.IsLockedOutAsync(user))
        {
            await events.RecordAsync(user?.Id, SecurityActions.PasskeySignIn, permitted: false, ct: ct);
            return PasskeyFailed();
        }

        // The new signature counter is stored (a cloned authenticator shows up as a counter that does not advance).
        var updated = await signIn.UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey!);
        if (!updated.Succeeded) return PasskeyFailed();
        await signIn.UserManager.ResetAccessFailedCountAsync(user);
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false,
            [new Claim(MfaClaims.Amr, MfaClaims.Mfa), new Claim(MfaClaims.Amr, MfaClaims.HardwareKey)]);
        await events.RecordAsync(user.Id, SecurityActions.PasskeySignIn, permitted: true, ct: ct);
        return LocalRedirect(SafeReturnUrl(Url, ReturnUrl));
    }

    private PageResult PasskeyFailed()
    {
        ErrorMessage = PasskeyFailureMessage;
        CredentialJson = null;
        return Page();
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
