using Samverkan.Sekretess.Core.Identity.Clients;

namespace Samverkan.Sekretess.Web.Auth.Oidc;

/// <summary>Configuration section <c>OpenIddict</c>: the OpenID Connect server, its keys and its registered clients.</summary>
public sealed class OidcServerSettings
{
    public const string Section = "OpenIddict";

    /// <summary>Access tokens are short-lived (default 5 minutes); there are no refresh tokens, a client signs in again.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An authorization code must be redeemed within this (default 1 minute).</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The issuer URI, when the app runs behind a reverse proxy; otherwise taken from the request.</summary>
    public string? Issuer { get; set; }

    /// <summary>Signs identity and access tokens. Required outside Development/Testing and the embedded default.</summary>
    public CertificateSettings SigningCertificate { get; set; } = new();

    /// <summary>Encrypts access tokens (only this app can read them). Required like the signing certificate.</summary>
    public CertificateSettings EncryptionCertificate { get; set; } = new();

    /// <summary>Registered clients by client id (see docs/operations.md, "OpenID Connect clients and the API").</summary>
    public Dictionary<string, ApiClientSettings> Clients { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A certificate with its private key: a PKCS#12 file (Path + Password) or a thumbprint in the certificate store.</summary>
public sealed class CertificateSettings
{
    public string? Path { get; set; }
    public string? Password { get; set; }
    public string? Thumbprint { get; set; }

    /// <summary>CurrentUser or LocalMachine (for <see cref="Thumbprint"/>).</summary>
    public string StoreLocation { get; set; } = "CurrentUser";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path) || !string.IsNullOrWhiteSpace(Thumbprint);
}
