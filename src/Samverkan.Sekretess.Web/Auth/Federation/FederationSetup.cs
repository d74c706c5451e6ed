using System.Text.RegularExpressions;
using OpenIddict.Client;
using Samverkan.Sekretess.Web.Auth.Oidc;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Samverkan.Sekretess.Web.Auth.Federation;

/// <summary>OpenIddict's client for the configured identity providers (authorization code with PKCE; tokens checked by OpenIddict).</summary>
internal static partial class FederationSetup
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,31}$")]
    private static partial Regex ProviderNamePattern();

    public static void AddSamverkanFederation(this WebApplicationBuilder builder, OidcCertificates certificates)
    {
        var providers = builder.Configuration.GetSection(FederationProviderSettings.Section).Get<Dictionary<string, FederationProviderSettings>>()
            ?? new Dictionary<string, FederationProviderSettings>();
        builder.Services.Configure<Dictionary<string, FederationProviderSettings>>(o =>
        {
            foreach (var (name, settings) in providers) o[name] = settings;
        });
        if (providers.Count == 0) return;
        var plainHttpAllowed = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");

        builder.Services.AddOpenIddict().AddClient(o =>
        {
            o.AllowAuthorizationCodeFlow();
            o.AddSigningCertificate(certificates.Signing).AddEncryptionCertificate(certificates.Encryption);
            o.SetRedirectionEndpointUris(providers.Keys.Select(RedirectPath).ToArray());
            var aspNetCore = o.UseAspNetCore().EnableRedirectionEndpointPassthrough();
            if (plainHttpAllowed)
            {
                // Development/Testing over plain HTTP: the correlation cookie must be sent back without TLS.
                aspNetCore.DisableTransportSecurityRequirement();
                aspNetCore.Configure(options => options.CookieBuilder.SecurePolicy = CookieSecurePolicy.SameAsRequest);
            }
            o.UseSystemNetHttp();
            foreach (var (name, p) in providers)
            {
                if (!ProviderNamePattern().IsMatch(name)) throw new InvalidOperationException($"{FederationProviderSettings.Section}: the name '{name}' must be 2-32 characters a-z, 0-9 or '-'.");
                if (!Uri.TryCreate(p.Authority, UriKind.Absolute, out var issuer) || string.IsNullOrWhiteSpace(p.ClientId))
                    throw new InvalidOperationException($"{FederationProviderSettings.Section}:{name}: Authority (absolute URI) and ClientId are required.");
                var registration = new OpenIddictClientRegistration
                {
                    Issuer = issuer, ProviderName = name, ProviderDisplayName = p.DisplayName.Length > 0 ? p.DisplayName : name,
                    ClientId = p.ClientId, ClientSecret = p.ClientSecret, RedirectUri = new Uri(RedirectPath(name), UriKind.Relative),
                };
                foreach (var scope in new[] { Scopes.OpenId, Scopes.Profile }.Concat(p.Scopes).Distinct(StringComparer.Ordinal)) registration.Scopes.Add(scope);
                o.AddRegistration(registration);
            }
        });
    }

    public static string RedirectPath(string provider) => "signin-federation/" + provider;
}
