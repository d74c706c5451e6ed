using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Identity.Clients;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Samverkan.Sekretess.Web.Auth.Oidc;

/// <summary>
/// The passthrough endpoints of the OpenID Connect server. OpenIddict has already validated the request
/// (client, redirect URI, PKCE, scopes, secret) before these run; they decide who the token is for.
/// The token carries the subject only (user id, and amr=mfa when the person completed the second factor);
/// every other attribute is resolved from the database at each API call, so a disabled user or a changed
/// role takes effect at once even on a token that has not expired.
/// </summary>
internal static class OidcEndpoints
{
    public static void MapSamverkanOidcEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/connect/token", TokenAsync).AllowAnonymous().RequireRateLimiting(AuthenticationSetup.LoginRateLimitPolicy).ExcludeFromDescription();
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSessionAsync).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>
    /// A person: only with a full session (password and second factor, not past its timeouts). Anyone else is
    /// sent to the login page and comes back here afterwards.
    /// </summary>
    private static async Task<IResult> AuthorizeAsync(HttpContext http, SignInManager<ApplicationUser> signIn, SecurityEvents events, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("No OpenID Connect request.");
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded && session.Principal.HasCompletedMfa() ? await signIn.UserManager.GetUserAsync(session.Principal) : null;
        if (user is null || !await signIn.CanSignInAsync(user) || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None)) return Forbid(Errors.LoginRequired, "Ingen inloggad användare.");
            var query = http.Request.HasFormContentType ? QueryString.Create(http.Request.Form.Select(f => KeyValuePair.Create(f.Key, f.Value))) : http.Request.QueryString;
            // prompt=login has been honoured once we send the person to the login page; do not loop.
            var returnUrl = http.Request.PathBase + http.Request.Path + RemovePromptLogin(query);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [IdentityConstants.ApplicationScheme]);
        }

        var identity = NewIdentity(user.Id, request.GetScopes());
        identity.AddClaim(new Claim(MfaClaims.Amr, MfaClaims.Mfa).SetDestinations(Destinations.AccessToken, Destinations.IdentityToken));
        await events.RecordAsync(user.Id, SecurityActions.TokenIssued, permitted: true, ct: ct);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, SignInManager<ApplicationUser> signIn, ApiClientRegistration clients,
        SecurityEvents events, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("No OpenID Connect request.");
        if (request.IsAuthorizationCodeGrantType())
        {
            // The code's principal was made by AuthorizeAsync; the user must still be allowed to sign in now.
            var code = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var userId = code.Principal?.GetClaim(Claims.Subject);
            var user = userId is null ? null : await signIn.UserManager.FindByIdAsync(userId);
            if (user is null || !await signIn.CanSignInAsync(user))
            {
                await events.RecordAsync(userId, SecurityActions.TokenIssued, permitted: false, ct: ct);
                return Forbid(Errors.InvalidGrant, "Användaren får inte längre logga in.");
            }

            var identity = new ClaimsIdentity(code.Principal!.Claims, TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetDestinations(c => c.Type is Claims.Subject or MfaClaims.Amr
                ? [Destinations.AccessToken, Destinations.IdentityToken] : [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsClientCredentialsGrantType())
        {
            // A system: its own actor (authority + role systemintegration), decided by the policies like anyone.
            var systemUserId = await clients.FindSystemActorAsync(request.ClientId ?? "", ct);
            var user = systemUserId is null ? null : await signIn.UserManager.FindByIdAsync(systemUserId);
            if (user is null || user.Disabled || user.Role != Roles.SystemIntegration)
            {
                await events.RecordAsync(systemUserId, SecurityActions.TokenIssued, permitted: false, ct: ct);
                return Forbid(Errors.InvalidClient, "Klienten har ingen aktiv systemaktör.");
            }

            var identity = NewIdentity(user.Id, request.GetScopes());
            identity.AddClaim(new Claim(Claims.ClientId, request.ClientId!).SetDestinations(Destinations.AccessToken));
            await events.RecordAsync(user.Id, SecurityActions.TokenIssued, permitted: true, ct: ct);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Forbid(Errors.UnsupportedGrantType, "Flödet stöds inte.");
    }

    /// <summary>
    /// RP-initiated logout. A GET (the client's redirect, which any site can cause) ends nothing: it shows a confirmation
    /// page whose post comes back here with an antiforgery token. Only that post ends the session, on the server too
    /// (<see cref="SessionEnd"/>), writes the audit entry, and lets OpenIddict redirect to the client's registered
    /// post-logout URI.
    /// </summary>
    private static async Task<IResult> EndSessionAsync(HttpContext http, SignInManager<ApplicationUser> signIn, SecurityEvents events,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) return Results.Redirect("/Account/EndSession" + http.Request.QueryString);
        if (!await IsConfirmedAsync(http, antiforgery))
            return Results.Text("Utloggningen kunde inte bekräftas. Logga ut med knappen Logga ut i Samverkan.Sekretess.",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        await SessionEnd.LogOutAsync(http, signIn, events, ct);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>
    /// The confirmation page's antiforgery token. A client's redirect is a cross-site navigation, so the page is often
    /// rendered without the SameSite=Strict session cookie and its token is bound to no user, while the same-site post that
    /// follows carries the session: such a token is accepted too. The token still has to match this browser's antiforgery
    /// cookie, which another site can neither read nor set, so a forged post fails either way.
    /// </summary>
    private static async Task<bool> IsConfirmedAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!http.Request.HasFormContentType) return false;
        if (await antiforgery.IsRequestValidAsync(http)) return true;
        var user = http.User;
        try
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity());
            return await antiforgery.IsRequestValidAsync(http);
        }
        finally
        {
            http.User = user;
        }
    }

    /// <summary>Subject, scopes (only those we know) and, with the API scope, the API as the only audience.</summary>
    private static ClaimsIdentity NewIdentity(string subject, IEnumerable<string> requestedScopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, subject).SetDestinations(Destinations.AccessToken, Destinations.IdentityToken));
        var scopes = requestedScopes.Intersect([Scopes.OpenId, ApiScopes.Read], StringComparer.Ordinal).ToList();
        identity.SetScopes(scopes);
        if (scopes.Contains(ApiScopes.Read)) identity.SetAudiences(ApiScopes.Audience);
        return identity;
    }

    private static QueryString RemovePromptLogin(QueryString query)
    {
        var pairs = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query.Value)
            .Where(p => !(p.Key == Parameters.Prompt && p.Value.ToString().Split(' ').Contains(PromptValues.Login)));
        return QueryString.Create(pairs);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
