namespace Samverkan.Sekretess.Core.Identity.Clients;

/// <summary>
/// One API client as configured under <c>OpenIddict:Clients:&lt;clientId&gt;</c>. Clients are registered by the
/// operator (configuration), never by self-service: the registration decides which flows a client may use.
/// </summary>
public sealed class ApiClientSettings
{
    /// <summary>Shown to administrators; never personal data.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary><c>public</c> (no secret: a native or single-page app, PKCE only) or <c>confidential</c> (has a secret).</summary>
    public string Type { get; set; } = ApiClientTypes.Public;

    /// <summary>Confidential clients only. Supply it from a secret store (environment, user secrets), never from a committed file.</summary>
    public string? ClientSecret { get; set; }

    /// <summary><c>authorization_code</c> (a person, with PKCE and a completed second factor) and/or <c>client_credentials</c> (a system).</summary>
    public List<string> GrantTypes { get; set; } = [];

    /// <summary>Exact redirect URIs for the authorization code flow.</summary>
    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>
    /// Client credentials only: the code of the authority (myndighet) the integration acts for. The client's system
    /// actor belongs to this authority with role <c>systemintegration</c>; the policies decide what that may do.
    /// </summary>
    public string? AuthorityCode { get; set; }

    /// <summary>A disabled client's registration is removed and its system actor disabled; its tokens stop working at once.</summary>
    public bool Disabled { get; set; }
}

public static class ApiClientTypes
{
    public const string Public = "public";
    public const string Confidential = "confidential";
}

public static class ApiGrantTypes
{
    public const string AuthorizationCode = "authorization_code";
    public const string ClientCredentials = "client_credentials";
}

/// <summary>Scopes and the audience of the read API.</summary>
public static class ApiScopes
{
    /// <summary>Read access to the API (<c>/api/v1</c>), on behalf of the person or system in the token.</summary>
    public const string Read = "samverkan.api.read";

    /// <summary>The audience (<c>aud</c>) of access tokens for the API; the API refuses any other.</summary>
    public const string Audience = "samverkan-api";
}
