namespace Samverkan.Sekretess.Web.Auth.Federation;

/// <summary>
/// One external OpenID Connect identity provider (a municipality's or the Police's IdP), configured under
/// <c>Authentication:Federation:&lt;name&gt;</c>. Configuration only decides that people may come from it; what they may do
/// here is decided by the administrators' attribute mappings (Administration → Federation) and the policies.
/// </summary>
public sealed class FederationProviderSettings
{
    public const string Section = "Authentication:Federation";

    /// <summary>Shown on the login page: "Logga in via &lt;DisplayName&gt;".</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The provider's issuer URI (its discovery document is read from there). HTTPS.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>From a secret store, never a committed file.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes beyond openid and profile that the provider needs to release the mapped attributes.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>
    /// amr values from the provider that count as a completed second factor. If the provider asserts none of them,
    /// the person also takes this system's own second factor (TOTP or a passkey) after the provider's login.
    /// </summary>
    public List<string> AcceptedMfaAmr { get; set; } = ["mfa"];
}
