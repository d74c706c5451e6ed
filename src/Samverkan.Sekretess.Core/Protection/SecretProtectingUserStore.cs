using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Protection;

/// <summary>
/// Identity's EF user store, with the second-factor secrets encrypted at rest: the TOTP authenticator key and the
/// recovery codes (Identity keeps both as plain rows in AspNetUserTokens). Anyone with read access to the database could
/// otherwise clone a user's authenticator. They use the same Data Protection key ring as the fields, so they rotate and
/// are re-encrypted with them (<see cref="FieldReEncryption"/>). A value written before this store existed (plain text)
/// is still read, and the re-encryption encrypts it.
/// </summary>
internal sealed class SecretProtectingUserStore(SekretessDbContext context, IdentityErrorDescriber describer, IDataProtectionProvider provider)
    : UserOnlyStore<ApplicationUser, SekretessDbContext, string>(context, describer)
{
    public const string Purpose = "Samverkan.Sekretess.Identity.Secrets.v1";
    internal const string IdentityLoginProvider = "[AspNetUserStore]";
    internal static readonly string[] SecretTokenNames = ["AuthenticatorKey", "RecoveryCodes"];

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public override Task SetTokenAsync(ApplicationUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, loginProvider, name, IsSecret(loginProvider, name) && !string.IsNullOrEmpty(value) ? _protector.Protect(value) : value, cancellationToken);

    public override async Task<string?> GetTokenAsync(ApplicationUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var value = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        return IsSecret(loginProvider, name) && ProtectedPayload.IsProtected(value) ? _protector.Unprotect(value!) : value;
    }

    // No user id or name holds NUL (PostgreSQL cannot store it), so such a lookup, e.g. from a crafted passkey user handle,
    // finds nobody without asking the database (Data/NulCharacterGuard).
    public override Task<ApplicationUser?> FindByIdAsync(string userId, CancellationToken cancellationToken = default) =>
        NulCharacterGuard.HoldsNul(userId) ? Task.FromResult<ApplicationUser?>(null) : base.FindByIdAsync(userId, cancellationToken);

    public override Task<ApplicationUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken = default) =>
        NulCharacterGuard.HoldsNul(normalizedUserName) ? Task.FromResult<ApplicationUser?>(null) : base.FindByNameAsync(normalizedUserName, cancellationToken);

    internal static bool IsSecret(string loginProvider, string name) => loginProvider == IdentityLoginProvider && SecretTokenNames.Contains(name);
}
