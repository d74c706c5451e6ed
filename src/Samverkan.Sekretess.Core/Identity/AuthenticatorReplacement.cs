using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>
/// A signed-in user moves their second factor to a new authenticator app. The new key replaces the old one only once a
/// code from it has been accepted, so an abandoned attempt leaves the old app working and the account never passes through
/// a state without a second factor (in which the password alone would reach the forced enrolment). The accepted code's
/// time step is stored as used (no replay at the next sign-in) and the security stamp changes (other sessions end).
/// </summary>
public sealed class AuthenticatorReplacement
{
    private readonly UserManager<ApplicationUser> _users;
    private readonly IUserStore<ApplicationUser> _store;
    private readonly TimeProvider _clock;
    private readonly IOptions<TotpOptions> _options;

    internal AuthenticatorReplacement(UserManager<ApplicationUser> users, IUserStore<ApplicationUser> store, TimeProvider clock, IOptions<TotpOptions> options)
    {
        _users = users;
        _store = store;
        _clock = clock;
        _options = options;
    }

    /// <summary>A new random key (Base32), not yet stored.</summary>
    public string NewKey() => _users.GenerateNewAuthenticatorKey();

    /// <summary>Stores <paramref name="newKey"/> if <paramref name="code"/> is a current code for it; false (nothing changed) otherwise.</summary>
    public async Task<bool> ReplaceAsync(ApplicationUser user, string newKey, string code, CancellationToken ct)
    {
        var key = Totp.DecodeBase32(newKey);
        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (key is null || digits.Length != 6 || !digits.All(char.IsAsciiDigit) || _store is not IUserAuthenticatorKeyStore<ApplicationUser> keys) return false;
        var value = int.Parse(digits, CultureInfo.InvariantCulture);
        var now = Totp.TimeStep(_clock.GetUtcNow());
        var drift = Math.Clamp(_options.Value.AllowedTimeStepDrift, 0, 10);
        long? matched = null;
        for (var step = now - drift; step <= now + drift; step++)
        {
            if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    BitConverter.GetBytes(Totp.Compute(key, step)), BitConverter.GetBytes(value)))
                matched = step;
        }

        if (matched is null) return false;
        await keys.SetAuthenticatorKeyAsync(user, newKey, ct);
        // Saves the key with it (UserManager saves the user's pending store changes).
        Check(await _users.SetAuthenticationTokenAsync(user, ReplayProtectedAuthenticatorTokenProvider.LoginProvider,
            ReplayProtectedAuthenticatorTokenProvider.LastStepTokenName, matched.Value.ToString(CultureInfo.InvariantCulture)));
        Check(await _users.UpdateSecurityStampAsync(user));
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException("The authenticator could not be replaced: " + string.Join(", ", result.Errors.Select(e => e.Code)));
    }
}
