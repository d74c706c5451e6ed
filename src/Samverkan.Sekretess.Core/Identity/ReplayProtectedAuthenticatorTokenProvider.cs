using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>
/// The authenticator (TOTP) provider used for the second factor. Unlike Identity's built-in one it
/// refuses a replayed code: every accepted code's time step is stored, and a code from that step or an
/// earlier one is refused. Two concurrent uses of one code are refused by the user row's concurrency stamp.
/// </summary>
public sealed class ReplayProtectedAuthenticatorTokenProvider(TimeProvider clock, IOptions<TotpOptions> options)
    : IUserTwoFactorTokenProvider<ApplicationUser>
{
    public const string ProviderName = "SamverkanAuthenticator";
    internal const string LoginProvider = "Samverkan";
    internal const string LastStepTokenName = "LastTotpStep";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>Codes come from the user's authenticator app; the server never generates or sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var digits = token.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit)) return false;
        var code = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        var keyText = await manager.GetAuthenticatorKeyAsync(user);
        var key = keyText is null ? null : Totp.DecodeBase32(keyText);
        if (key is null) return false;

        var now = Totp.TimeStep(clock.GetUtcNow());
        var drift = Math.Clamp(options.Value.AllowedTimeStepDrift, 0, 10);
        long? matched = null;
        for (var step = now - drift; step <= now + drift; step++)
        {
            if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    BitConverter.GetBytes(Totp.Compute(key, step)), BitConverter.GetBytes(code)))
                matched = step;
        }

        if (matched is null) return false;
        var lastText = await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepTokenName);
        if (long.TryParse(lastText, System.Globalization.CultureInfo.InvariantCulture, out var last) && matched.Value <= last) return false;
        var stored = await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepTokenName,
            matched.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return stored.Succeeded;
    }
}
