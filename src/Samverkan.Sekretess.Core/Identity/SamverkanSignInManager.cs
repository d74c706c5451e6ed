using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>
/// Identity's sign-in manager with one rule added everywhere it decides: a disabled user cannot sign
/// in (password step, second factor, passkey) and an existing cookie of a disabled user fails its next
/// security-stamp validation.
/// </summary>
public sealed class SamverkanSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    PasswordDecoy decoy)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>A system account (integration or background job) is never a person: it cannot sign in interactively, whatever its data says.</summary>
    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        !user.Disabled && !Roles.IsSystem(user.Role) && await base.CanSignInAsync(user);

    /// <summary>
    /// Identity answers a disabled, locked or password-less account without hashing the password (about 10 ms against a
    /// wrong password's 200+ ms), which tells an attacker the account's state; those paths verify the decoy hash instead.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        ArgumentNullException.ThrowIfNull(user);
        password ??= "";
        if (user.PasswordHash is null || await PreSignInCheck(user) is not null) decoy.Verify(UserManager.PasswordHasher, password);
        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    public override async Task<ApplicationUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { Disabled: false } ? user : null;
    }
}
