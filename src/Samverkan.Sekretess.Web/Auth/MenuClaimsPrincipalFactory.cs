using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Auth;

/// <summary>Adds a menu hint (show "Administration") to the cookie. Core decides access itself, fresh from the database.</summary>
internal sealed class MenuClaimsPrincipalFactory(UserManager<ApplicationUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (Roles.IsAdministrator(user.Role)) identity.AddClaim(new Claim(MfaClaims.MenuHint, "admin"));
        return identity;
    }
}
