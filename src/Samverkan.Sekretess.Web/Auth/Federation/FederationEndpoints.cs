using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Client.AspNetCore;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Identity.Federation;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Samverkan.Sekretess.Web.Auth.Federation;

/// <summary>
/// Login through an external identity provider. The provider's login replaces the password step; the administrators'
/// mappings decide authority, role and unit (Core's <see cref="FederatedSignIn"/>); the second factor is the provider's
/// only if it asserts one (amr), otherwise this system's own.
/// </summary>
internal static class FederationEndpoints
{
    public static void MapSamverkanFederation(this IEndpointRouteBuilder app)
    {
        app.MapGet("/Account/External", Challenge).AllowAnonymous().ExcludeFromDescription();
        app.MapMethods("/signin-federation/{provider}", [HttpMethods.Get, HttpMethods.Post], CallbackAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult Challenge(HttpContext http, IOptions<Dictionary<string, FederationProviderSettings>> providers, string? provider, string? returnUrl)
    {
        if (provider is null || !providers.Value.ContainsKey(provider)) return Results.NotFound();
        var properties = new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictClientAspNetCoreConstants.Properties.ProviderName] = provider,
        })
        {
            RedirectUri = IsLocal(returnUrl) ? returnUrl : "/Cases",
        };
        return Results.Challenge(properties, [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, string provider, FederatedSignIn federation, SignInManager<ApplicationUser> signIn,
        IOptions<Dictionary<string, FederationProviderSettings>> providers, CancellationToken ct)
    {
        var result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal;
        var name = principal?.GetClaim(Claims.Private.ProviderName);
        if (!result.Succeeded || principal is null || name != provider || !providers.Value.TryGetValue(provider, out var settings))
            return Results.Redirect("/Account/Login?federation=failed");

        var subject = principal.GetClaim(Claims.Subject) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var claims = principal.Claims.Where(c => !c.Type.StartsWith("oi_", StringComparison.Ordinal))
            .Select(c => KeyValuePair.Create(c.Type, c.Value)).ToList();
        var displayName = principal.GetClaim(Claims.Name) ?? principal.FindFirstValue(ClaimTypes.Name) ?? "";
        var outcome = await federation.ResolveAsync(new FederatedIdentity(provider, subject, displayName, claims), ct);
        if (!outcome.Succeeded) return Results.Redirect("/Account/Login?federation=denied");

        var user = await signIn.UserManager.FindByIdAsync(outcome.UserId!);
        if (user is null || !await signIn.CanSignInAsync(user) || await signIn.UserManager.IsLockedOutAsync(user))
            return Results.Redirect("/Account/Login?federation=denied");
        var returnUrl = IsLocal(result.Properties?.RedirectUri) ? result.Properties!.RedirectUri! : "/Cases";

        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        var providerMfa = principal.FindAll(Claims.AuthenticationMethodReference).Any(c => settings.AcceptedMfaAmr.Contains(c.Value, StringComparer.Ordinal));
        if (providerMfa)
        {
            await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
            await signIn.SignInWithClaimsAsync(user, isPersistent: false,
                [new Claim(MfaClaims.Amr, MfaClaims.Mfa), new Claim(MfaClaims.Amr, MfaClaims.Federated)]);
            return Results.LocalRedirect(returnUrl);
        }

        // The provider vouched for the first factor only: continue with this system's second factor, as after a password.
        var pending = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
        pending.AddClaim(new Claim(ClaimTypes.Name, user.Id));
        await http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(pending));
        var enrolled = user.TwoFactorEnabled && !string.IsNullOrEmpty(await signIn.UserManager.GetAuthenticatorKeyAsync(user));
        return Results.Redirect((enrolled ? "/Account/Mfa" : "/Account/Enrol") + QueryString.Create("ReturnUrl", returnUrl));
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
