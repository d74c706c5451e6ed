using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>
/// A password hash that belongs to no one, verified on the login paths where Identity would otherwise answer without
/// hashing (unknown user name, disabled or locked account, account without a password), so that every failed login costs
/// one hash verification and its time does not tell whether the user name exists or is locked.
/// </summary>
public sealed class PasswordDecoy
{
    private static readonly ApplicationUser Nobody = new() { Id = "decoy", UserName = "decoy" };
    private string? _hash;

    /// <summary>Verifies <paramref name="password"/> against the decoy hash with the host's hasher (same iteration count); the result is ignored.</summary>
    public void Verify(IPasswordHasher<ApplicationUser> hasher, string? password)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        // Made once per host with its own hasher, so the decoy costs what a real user's hash costs.
        var hash = _hash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        _ = hasher.VerifyHashedPassword(Nobody, hash, password ?? "");
    }
}
