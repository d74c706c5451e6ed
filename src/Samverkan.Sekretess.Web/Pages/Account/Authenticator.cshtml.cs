using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Web.Auth;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// "Byt autentiseringsapp": a new key, which replaces the old one only when a code from it is accepted
/// (<see cref="AuthenticatorReplacement"/>). Until then the new key travels in the form, encrypted and bound to this user
/// for 15 minutes, so nothing is stored for an abandoned attempt. Needs a fresh proof; the change is audited and notified.
/// </summary>
[RequireFreshAuthentication]
public sealed class AuthenticatorModel(SignInManager<ApplicationUser> signIn, AuthenticatorReplacement replacement, SecurityEvents events,
    IDataProtectionProvider protection) : PageModel
{
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(15);

    [BindProperty] public string Code { get; set; } = "";
    [BindProperty] public string PendingKey { get; set; } = "";
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public IReadOnlyList<(string Field, string Message)> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null) return NotFound();
        Show(user, replacement.NewKey());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null) return NotFound();
        string key;
        try
        {
            key = Protector(user).Unprotect(PendingKey ?? "");
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Expired, altered or another user's: start again with a new key.
            Show(user, replacement.NewKey());
            Errors = [("Code", "Det tog för lång tid. Lägg in den nya nyckeln nedan i appen och försök igen.")];
            return Page();
        }

        if (!await replacement.ReplaceAsync(user, key, Code ?? "", ct))
        {
            await signIn.UserManager.AccessFailedAsync(user);
            await events.RecordAsync(user.Id, SecurityActions.AuthenticatorChanged, permitted: false, ct: ct);
            Show(user, key);
            Errors = [("Code", "Koden stämmer inte. Kontrollera att du har lagt in den nya nyckeln rätt och att klockan i telefonen går rätt.")];
            return Page();
        }

        // The stamp changed (other sessions end); this one continues with a new cookie.
        await Reauthentication.ReissueAsync(signIn, user, User, reauthenticatedAt: null);
        await events.RecordCredentialChangeAsync(user.Id, SecurityActions.AuthenticatorChanged, NotificationKinds.AccountAuthenticatorChanged, ct);
        return RedirectToPage("/Account/Security", new { status = "authenticator" });
    }

    private ITimeLimitedDataProtector Protector(ApplicationUser user) =>
        protection.CreateProtector("Samverkan.Account.PendingAuthenticatorKey.v1", user.Id).ToTimeLimitedDataProtector();

    private void Show(ApplicationUser user, string key)
    {
        PendingKey = Protector(user).Protect(key, PendingLifetime);
        ModelState.Remove(nameof(PendingKey));
        Code = "";
        ModelState.Remove(nameof(Code));
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        SharedKey = grouped.ToString().TrimEnd().ToLowerInvariant();
        AuthenticatorUri = $"otpauth://totp/Samverkan.Sekretess:{Uri.EscapeDataString(user.UserName ?? "")}?secret={key}&issuer=Samverkan.Sekretess&digits=6&period=30";
    }
}
