using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>A one-time sign-in code as the administrator sees it, once: to hand over to the user out of band.</summary>
public sealed record SignInCode(string Code, DateTimeOffset ExpiresAt);

/// <summary>The outcome of a first sign-in: the user (to go on to the second factor), or Swedish messages for the form.</summary>
public sealed record FirstSignInResult(string? UserId, IReadOnlyList<string> Errors, bool LockedOut = false)
{
    public bool Succeeded => UserId is not null && Errors.Count == 0;
}

/// <summary>
/// One-time sign-in codes: the only way an account made or reset by an administrator gets a password, so that no
/// administrator ever chooses or sees a working credential. The administration issues a code (random, 140 bits, valid
/// 72 hours) for an account that has no password, authenticator, recovery codes or passkeys; the user redeems it once,
/// choosing their own password under the usual rules, and must then enrol their own authenticator before anything else.
/// Only a SHA-256 hash of the code and its expiry are stored (AspNetUserTokens); with 140 random bits a fast hash is
/// enough, and a wrong code counts toward the account's lockout like a wrong password.
/// </summary>
public sealed class SignInCodes
{
    internal const string LoginProvider = ReplayProtectedAuthenticatorTokenProvider.LoginProvider;
    internal const string TokenName = "FirstSignInCode";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(72);

    internal const string FailureMessage = "Användarnamnet eller engångskoden stämmer inte, eller så har koden gått ut eller redan använts. Be systemförvaltaren om en ny kod.";
    internal const string LockedOutMessage = "Kontot är tillfälligt låst efter för många felaktiga försök. Försök igen senare eller kontakta systemförvaltaren.";

    // No 0/O or 1/I: the code is read aloud or copied by hand.
    internal const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    // 28 characters of 32 (5 bits each) = 140 bits, above ASVS 11.5.1's 128; seven groups of four to type.
    internal const int CodeLength = 28;

    // Codes issued before the change (20 characters, 100 bits) still redeem until they expire (72 hours at most).
    private const int LegacyCodeLength = 20;

    private readonly SekretessDbContext _db;
    private readonly UserManager<ApplicationUser> _users;
    private readonly SecurityEvents _events;
    private readonly TimeProvider _clock;

    internal SignInCodes(SekretessDbContext db, UserManager<ApplicationUser> users, SecurityEvents events, TimeProvider clock)
    {
        _db = db;
        _users = users;
        _events = events;
        _clock = clock;
    }

    /// <summary>
    /// Makes every credential of the account unusable: password, authenticator key, recovery codes, passkeys, the second
    /// factor itself and any session (new security stamp). Runs inside the caller's transaction (the administration's grant).
    /// </summary>
    internal async Task ClearCredentialsAsync(ApplicationUser user)
    {
        if (await _users.HasPasswordAsync(user)) Check(await _users.RemovePasswordAsync(user));
        foreach (var name in Protection.SecretProtectingUserStore.SecretTokenNames)
            Check(await _users.RemoveAuthenticationTokenAsync(user, Protection.SecretProtectingUserStore.IdentityLoginProvider, name));
        foreach (var passkey in await _users.GetPasskeysAsync(user)) Check(await _users.RemovePasskeyAsync(user, passkey.CredentialId));
        Check(await _users.SetTwoFactorEnabledAsync(user, false));
        Check(await _users.ResetAccessFailedCountAsync(user));
        if (await _users.GetLockoutEnabledAsync(user)) Check(await _users.SetLockoutEndDateAsync(user, null));
        Check(await _users.UpdateSecurityStampAsync(user));
    }

    /// <summary>
    /// Makes only the password unusable (the second factor stays): for a user who forgot it. Lifts a lockout and ends every
    /// session (new security stamp). Runs inside the caller's transaction (the administration's grant).
    /// </summary>
    internal async Task ClearPasswordAsync(ApplicationUser user)
    {
        if (await _users.HasPasswordAsync(user)) Check(await _users.RemovePasswordAsync(user));
        Check(await _users.ResetAccessFailedCountAsync(user));
        if (await _users.GetLockoutEnabledAsync(user)) Check(await _users.SetLockoutEndDateAsync(user, null));
        Check(await _users.UpdateSecurityStampAsync(user));
    }

    /// <summary>Issues a new code for an account without a password (any earlier code stops working); returns it, once.</summary>
    internal async Task<SignInCode> IssueAsync(ApplicationUser user)
    {
        var code = NewCode();
        var expires = _clock.GetUtcNow() + Lifetime;
        Check(await _users.SetAuthenticationTokenAsync(user, LoginProvider, TokenName, Stored(code, expires)));
        return new SignInCode(code, expires);
    }

    /// <summary>Whether the account has an unexpired code out (the administration shows "väntar på första inloggning").</summary>
    internal static bool IsPending(string? stored, DateTimeOffset now) => Parse(stored) is { } s && now < s.ExpiresAt;

    /// <summary>
    /// Redeems a code: the right user name and an unexpired code, once. The new password must pass every password rule;
    /// a refused password leaves the code valid, so the user can try another. The password and the spent code are one
    /// transaction; a second redemption finds no code. Every attempt is a security event.
    /// </summary>
    public async Task<FirstSignInResult> RedeemAsync(string userName, string code, string newPassword, string repeatedPassword, CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(userName) || userName.Length > 256 ? null : await _users.FindByNameAsync(userName.Trim());
        if (user is null || user.Disabled || Roles.IsSystem(user.Role))
        {
            await _events.RecordAsync(user?.Id, SecurityActions.FirstSignIn, permitted: false, ct: ct);
            return new FirstSignInResult(null, [FailureMessage]);
        }

        if (await _users.IsLockedOutAsync(user))
        {
            await _events.RecordAsync(user.Id, SecurityActions.LockedOut, permitted: false, ct: ct);
            return new FirstSignInResult(null, [LockedOutMessage], LockedOut: true);
        }

        var stored = await _users.GetAuthenticationTokenAsync(user, LoginProvider, TokenName);
        if (!Matches(stored, code, _clock.GetUtcNow()) || await _users.HasPasswordAsync(user))
        {
            await _users.AccessFailedAsync(user);
            await _events.RecordAsync(user.Id, SecurityActions.FirstSignIn, permitted: false, ct: ct);
            return new FirstSignInResult(null, [FailureMessage]);
        }

        if (!string.Equals(newPassword, repeatedPassword, StringComparison.Ordinal))
            return new FirstSignInResult(null, ["Lösenorden är inte likadana. Skriv samma lösenord två gånger."]);
        await using (var tx = await _db.Database.BeginTransactionAsync(ct))
        {
            var result = await _users.AddPasswordAsync(user, newPassword ?? "");
            if (!result.Succeeded) return new FirstSignInResult(null, result.Errors.Select(e => e.Description).ToList());
            Check(await _users.RemoveAuthenticationTokenAsync(user, LoginProvider, TokenName));
            Check(await _users.ResetAccessFailedCountAsync(user));
            await tx.CommitAsync(ct);
        }

        await _events.RecordAsync(user.Id, SecurityActions.FirstSignIn, permitted: true, ct: ct);
        return new FirstSignInResult(user.Id, []);
    }

    private static string NewCode()
    {
        var chars = new char[CodeLength];
        for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        var grouped = new StringBuilder();
        for (var i = 0; i < chars.Length; i += 4) grouped.Append(grouped.Length > 0 ? "-" : "").Append(chars, i, 4);
        return grouped.ToString();
    }

    /// <summary>Upper case, without the spaces and dashes a person adds or drops when copying it.</summary>
    internal static string Normalize(string? code) =>
        new((code ?? "").ToUpperInvariant().Where(c => c is not (' ' or '-' or '\t')).ToArray());

    private static string Hash(string? code) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(code))));

    private static string Stored(string code, DateTimeOffset expires) =>
        "v1:" + expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + Hash(code);

    private static (DateTimeOffset ExpiresAt, string Hash)? Parse(string? stored)
    {
        var parts = (stored ?? "").Split(':');
        return parts.Length == 3 && parts[0] == "v1" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? (DateTimeOffset.FromUnixTimeSeconds(seconds), parts[2]) : null;
    }

    private static bool Matches(string? stored, string? code, DateTimeOffset now)
    {
        if (Parse(stored) is not { } s || now >= s.ExpiresAt || Normalize(code).Length is not (CodeLength or LegacyCodeLength)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(code)), Encoding.ASCII.GetBytes(s.Hash));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException("An account credential could not be changed: " + string.Join(", ", result.Errors.Select(e => e.Code)));
    }
}
