using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Auth;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// "Bekräfta att det är du": before a change to the user's own credentials, the password and a code from the
/// authenticator app again, or a passkey of this user. Failures count toward lockout like at sign-in and every attempt
/// is audited (<c>auth.reauth</c>); success adds the proof's time to the session (<see cref="Reauthentication"/>).
/// </summary>
[EnableRateLimiting(AuthenticationSetup.LoginRateLimitPolicy)]
public sealed class ReauthenticateModel(SignInManager<ApplicationUser> signIn, SecurityEvents events, TimeProvider clock) : PageModel
{
    internal const string FailureMessage = "Lösenordet eller koden stämmer inte. Försök igen.";

    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty] public string? CredentialJson { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public IReadOnlyList<(string Field, string Message)> Errors { get; private set; } = [];
    public bool HasPassword { get; private set; }

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
        var errors = new List<(string, string)>();
        if (string.IsNullOrEmpty(Password)) errors.Add(("Password", "Skriv ditt lösenord."));
        if (string.IsNullOrWhiteSpace(Code)) errors.Add(("Code", "Skriv koden från autentiseringsappen."));
        if (errors.Count > 0) return Failed(errors);
        if (await Users.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user))
        {
            await events.RecordAsync(user.Id, SecurityActions.LockedOut, permitted: false, ct: ct);
            return Failed([("Password", "Kontot är tillfälligt låst efter för många felaktiga försök. Försök igen senare eller kontakta systemförvaltaren.")]);
        }

        // Both are checked whatever the first answer, so the reply does not tell which of the two was wrong.
        var password = await signIn.CheckPasswordSignInAsync(user, Password, lockoutOnFailure: true);
        var code = user.TwoFactorEnabled && await Users.VerifyTwoFactorTokenAsync(user, Users.Options.Tokens.AuthenticatorTokenProvider, Code ?? "");
        if (!password.Succeeded || !code)
        {
            if (password.Succeeded) await Users.AccessFailedAsync(user);
            await events.RecordAsync(user.Id, SecurityActions.Reauthenticated, permitted: false, ct: ct);
            return Failed([("Password", FailureMessage)]);
        }

        return await SucceededAsync(user, ct);
    }

    /// <summary>Passkey, step one: a challenge for this user's own passkeys only.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        return Content(await signIn.MakePasskeyRequestOptionsAsync(user), "application/json");
    }

    /// <summary>Passkey, step two: a verified assertion by one of this user's passkeys (not anyone else's) is the fresh proof.</summary>
    public async Task<IActionResult> OnPostPasskeyAsync(CancellationToken ct)
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        HasPassword = await Users.HasPasswordAsync(user);
        PasskeyAssertionResult<ApplicationUser>? assertion = null;
        if (!string.IsNullOrEmpty(CredentialJson) && CredentialJson.Length <= 16_000)
        {
            try
            {
                assertion = await signIn.PerformPasskeyAssertionAsync(CredentialJson);
            }
            catch (InvalidOperationException)
            {
                assertion = null; // no ceremony under way
            }
        }

        if (assertion is not { Succeeded: true } || assertion.User?.Id != user.Id || assertion.Passkey?.IsUserVerified != true
            || await Users.IsLockedOutAsync(user) || !(await Users.AddOrUpdatePasskeyAsync(user, assertion.Passkey)).Succeeded)
        {
            await events.RecordAsync(user.Id, SecurityActions.Reauthenticated, permitted: false, ct: ct);
            CredentialJson = null;
            return Failed([("passkey", "Nyckeln kunde inte bekräfta att det är du. Försök igen eller använd lösenord och kod.")]);
        }

        return await SucceededAsync(user, ct);
    }

    private async Task<IActionResult> SucceededAsync(ApplicationUser user, CancellationToken ct)
    {
        await Users.ResetAccessFailedCountAsync(user);
        await Reauthentication.ReissueAsync(signIn, user, User, clock.GetUtcNow());
        await events.RecordAsync(user.Id, SecurityActions.Reauthenticated, permitted: true, ct: ct);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/Account/Security");
    }

    private PageResult Failed(IReadOnlyList<(string Field, string Message)> errors)
    {
        Errors = errors;
        (Password, Code) = ("", "");
        return Page();
    }
}
