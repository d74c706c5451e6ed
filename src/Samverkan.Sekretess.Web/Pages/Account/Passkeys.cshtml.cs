using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Web.Auth;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>
/// "Mina inloggningsnycklar": the signed-in user (password and second factor done) adds passkeys, names them and
/// removes them. A passkey is bound to this site by the browser, so it cannot be phished to another. Every change is
/// audited and notified to the user; only the user themself can add or remove one, and only with a fresh proof (password
/// and second factor, or a passkey, within five minutes: <see cref="RequireFreshAuthenticationAttribute"/>), so that a
/// stolen session cookie alone cannot add the thief's passkey.
/// </summary>
[RequireFreshAuthentication]
public sealed class PasskeysModel(SignInManager<ApplicationUser> signIn, SecurityEvents events, TimeProvider clock) : PageModel
{
    public const int MaxPasskeys = 10;

    public sealed record PasskeyRow(string Id, string Name, DateTimeOffset CreatedAt, bool BackedUp);

    [BindProperty] public string? CredentialJson { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    public IReadOnlyList<PasskeyRow> Passkeys { get; private set; } = [];
    public string? Message { get; private set; }
    public string? ErrorMessage { get; private set; }

    private UserManager<ApplicationUser> Users => signIn.UserManager;

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        await LoadAsync(user);
        Message = Status switch
        {
            "added" => "Nyckeln är tillagd. Nästa gång kan du logga in med den.",
            "removed" => "Nyckeln är borttagen och kan inte längre användas.",
            _ => null,
        };
        return Page();
    }

    /// <summary>Step one: creation options for this user (challenge, the site as relying party, existing keys excluded).</summary>
    public async Task<IActionResult> OnPostCreationOptionsAsync()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        var entity = new PasskeyUserEntity { Id = user.Id, Name = user.UserName ?? user.Id, DisplayName = user.DisplayName };
        return Content(await signIn.MakePasskeyCreationOptionsAsync(entity), "application/json");
    }

    /// <summary>Step two: verify the authenticator's answer against the challenge and store the public key.</summary>
    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken ct)
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        var name = (Name ?? "").Trim();
        if (name.Length is 0 or > 100) name = "Nyckel " + clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        PasskeyAttestationResult? attestation = null;
        if (!string.IsNullOrEmpty(CredentialJson) && CredentialJson.Length <= 64_000 && (await Users.GetPasskeysAsync(user)).Count < MaxPasskeys)
        {
            try
            {
                attestation = await signIn.PerformPasskeyAttestationAsync(CredentialJson);
            }
            catch (InvalidOperationException)
            {
                attestation = null; // no ceremony under way
            }
        }

        // The ceremony must be this user's own: options were made for the signed-in user in this browser.
        if (attestation is not { Succeeded: true } || attestation.UserEntity.Id != user.Id)
        {
            await events.RecordAsync(user.Id, SecurityActions.PasskeyRegistered, permitted: false, ct: ct);
            ErrorMessage = "Nyckeln kunde inte läggas till. Försök igen.";
            await LoadAsync(user);
            return Page();
        }

        attestation.Passkey.Name = name;
        var stored = await Users.AddOrUpdatePasskeyAsync(user, attestation.Passkey);
        if (stored.Succeeded) await events.RecordCredentialChangeAsync(user.Id, SecurityActions.PasskeyRegistered, NotificationKinds.AccountPasskeyAdded, ct);
        else await events.RecordAsync(user.Id, SecurityActions.PasskeyRegistered, permitted: false, ct: ct);
        return RedirectToPage(new { status = stored.Succeeded ? "added" : null });
    }

    public async Task<IActionResult> OnPostRemoveAsync(string id, CancellationToken ct)
    {
        var user = await Users.GetUserAsync(User);
        if (user is null) return NotFound();
        byte[] credentialId;
        try
        {
            credentialId = Microsoft.AspNetCore.WebUtilities.Base64UrlTextEncoder.Decode(id ?? "");
        }
        catch (FormatException)
        {
            return RedirectToPage();
        }

        // Only the user's own passkey: RemovePasskeyAsync is scoped to this user.
        var removed = await Users.RemovePasskeyAsync(user, credentialId);
        if (removed.Succeeded) await events.RecordCredentialChangeAsync(user.Id, SecurityActions.PasskeyRemoved, NotificationKinds.AccountPasskeyRemoved, ct);
        else await events.RecordAsync(user.Id, SecurityActions.PasskeyRemoved, permitted: false, ct: ct);
        return RedirectToPage(new { status = removed.Succeeded ? "removed" : null });
    }

    private async Task LoadAsync(ApplicationUser user) =>
        Passkeys = (await Users.GetPasskeysAsync(user))
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeyRow(Microsoft.AspNetCore.WebUtilities.Base64UrlTextEncoder.Encode(p.CredentialId), p.Name ?? "Namnlös nyckel", p.CreatedAt, p.IsBackedUp))
            .ToList();
}
