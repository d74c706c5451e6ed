using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using Samverkan.Sekretess.Core.Identity.Clients;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Samverkan.Sekretess.Web.Auth.Oidc;

/// <summary>
/// OpenIddict as the OpenID Connect server: authorization code with PKCE for people (who must have completed
/// the second factor), client credentials for systems, five-minute access tokens for the API's audience only,
/// and token validation for <c>/api</c>. Keys: see <see cref="OidcKeys"/>.
/// </summary>
/// <summary>The OpenID Connect server's keys (also used by the federation client for its own state tokens).</summary>
internal sealed record OidcCertificates(System.Security.Cryptography.X509Certificates.X509Certificate2 Signing,
    System.Security.Cryptography.X509Certificates.X509Certificate2 Encryption);

internal static class OidcServerSetup
{
    /// <summary>Authorization policy of the API: a valid access token (our issuer, our audience) with the read scope.</summary>
    public const string ApiPolicy = "api";

    public static OidcCertificates AddSamverkanOidcServer(this WebApplicationBuilder builder, string? dataDirectory)
    {
        var settings = builder.Configuration.GetSection(OidcServerSettings.Section).Get<OidcServerSettings>() ?? new OidcServerSettings();
        var certificates = ResolveCertificates(settings, dataDirectory);
        var environment = builder.Environment;
        var plainHttpAllowed = environment.IsDevelopment() || environment.IsEnvironment("Testing");
        builder.Services.AddOptions<OidcServerSettings>().Bind(builder.Configuration.GetSection(OidcServerSettings.Section));

        builder.Services.AddOpenIddict()
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/endsession");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                // PKCE with S256 only: "plain" would hand the verifier to anyone who sees the authorization request.
                o.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                o.AllowClientCredentialsFlow();
                o.RegisterScopes(Scopes.OpenId, ApiScopes.Read);
                o.SetAccessTokenLifetime(settings.AccessTokenLifetime);
                o.SetAuthorizationCodeLifetime(settings.AuthorizationCodeLifetime);
                o.SetIdentityTokenLifetime(settings.AccessTokenLifetime);
                if (!string.IsNullOrWhiteSpace(settings.Issuer)) o.SetIssuer(new Uri(settings.Issuer, UriKind.Absolute));
                o.AddSigningCertificate(certificates.Signing).AddEncryptionCertificate(certificates.Encryption);

                var aspNetCore = o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (plainHttpAllowed) aspNetCore.DisableTransportSecurityRequirement();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                // Only tokens issued for the API: a token for another audience (or none) is refused.
                o.AddAudiences(ApiScopes.Audience);
            });

        builder.Services.AddAuthorization(o => o.AddPolicy(ApiPolicy, p => p
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.HasScope(ApiScopes.Read))));
        return certificates;
    }

    /// <summary>
    /// The signing and encryption certificates, shared by the server and the federation client:
    /// configured (production), kept in the data folder (embedded default), or made in memory for this process
    /// (Development/Testing; outside them <see cref="ThrowIfKeysMissing"/> stops the app after Build).
    /// </summary>
    private static OidcCertificates ResolveCertificates(OidcServerSettings settings, string? dataDirectory)
    {
        if (settings.SigningCertificate.IsConfigured || settings.EncryptionCertificate.IsConfigured)
        {
            if (!settings.SigningCertificate.IsConfigured || !settings.EncryptionCertificate.IsConfigured)
                throw new InvalidOperationException("OpenIddict: configure both SigningCertificate and EncryptionCertificate.");
            return new OidcCertificates(OidcKeys.Load(settings.SigningCertificate, nameof(settings.SigningCertificate)),
                OidcKeys.Load(settings.EncryptionCertificate, nameof(settings.EncryptionCertificate)));
        }

        var now = TimeProvider.System.GetUtcNow();
        if (dataDirectory is not null)
            return new OidcCertificates(OidcKeys.LoadOrCreateLocal(dataDirectory, OidcKeys.Use.Signing, now),
                OidcKeys.LoadOrCreateLocal(dataDirectory, OidcKeys.Use.Encryption, now));
        return new OidcCertificates(OidcKeys.CreateSelfSigned(OidcKeys.Use.Signing, now), OidcKeys.CreateSelfSigned(OidcKeys.Use.Encryption, now));
    }

    /// <summary>Fail closed at startup: outside Development/Testing and the embedded default, certificates are required.</summary>
    public static void ThrowIfKeysMissing(IConfiguration configuration, IWebHostEnvironment environment, string? dataDirectory)
    {
        var settings = configuration.GetSection(OidcServerSettings.Section).Get<OidcServerSettings>() ?? new OidcServerSettings();
        if (settings.SigningCertificate.IsConfigured || dataDirectory is not null || environment.IsDevelopment() || environment.IsEnvironment("Testing")) return;
        throw new InvalidOperationException($"OpenIddict:SigningCertificate and OpenIddict:EncryptionCertificate are required in {environment.EnvironmentName}.");
    }
}
