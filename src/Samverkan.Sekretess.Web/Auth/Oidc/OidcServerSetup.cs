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
internal static class OidcServerSetup
{
    /// <summary>Authorization policy of the API: a valid access token (our issuer, our audience) with the read scope.</summary>
    public const string ApiPolicy = "api";

    public static void AddSamverkanOidcServer(this WebApplicationBuilder builder, string? dataDirectory)
    {
        var settings = builder.Configuration.GetSection(OidcServerSettings.Section).Get<OidcServerSettings>() ?? new OidcServerSettings();
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
                AddKeys(o, settings, dataDirectory);

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
    }

    private static void AddKeys(OpenIddictServerBuilder o, OidcServerSettings settings, string? dataDirectory)
    {
        if (settings.SigningCertificate.IsConfigured || settings.EncryptionCertificate.IsConfigured)
        {
            if (!settings.SigningCertificate.IsConfigured || !settings.EncryptionCertificate.IsConfigured)
                throw new InvalidOperationException("OpenIddict: configure both SigningCertificate and EncryptionCertificate.");
            o.AddSigningCertificate(OidcKeys.Load(settings.SigningCertificate, nameof(settings.SigningCertificate)));
            o.AddEncryptionCertificate(OidcKeys.Load(settings.EncryptionCertificate, nameof(settings.EncryptionCertificate)));
            return;
        }

        if (dataDirectory is not null)
        {
            var now = TimeProvider.System.GetUtcNow();
            o.AddSigningCertificate(OidcKeys.LoadOrCreateLocal(dataDirectory, OidcKeys.Use.Signing, now));
            o.AddEncryptionCertificate(OidcKeys.LoadOrCreateLocal(dataDirectory, OidcKeys.Use.Encryption, now));
            return;
        }

        // Outside Development/Testing the app refuses to start after Build (ThrowIfKeysMissing): a production server
        // never runs on keys it invented. Design-time tools (dotnet ef) stop at Build and never get that far.
        o.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
    }

    /// <summary>Fail closed at startup: outside Development/Testing and the embedded default, certificates are required.</summary>
    public static void ThrowIfKeysMissing(IConfiguration configuration, IWebHostEnvironment environment, string? dataDirectory)
    {
        var settings = configuration.GetSection(OidcServerSettings.Section).Get<OidcServerSettings>() ?? new OidcServerSettings();
        if (settings.SigningCertificate.IsConfigured || dataDirectory is not null || environment.IsDevelopment() || environment.IsEnvironment("Testing")) return;
        throw new InvalidOperationException($"OpenIddict:SigningCertificate and OpenIddict:EncryptionCertificate are required in {environment.EnvironmentName}.");
    }
}
