using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>
/// A real, minimal OpenID Connect provider in the test process (OpenIddict server on Kestrel over HTTPS with a
/// self-signed certificate, its own SQLite store): a municipality's IdP stand-in. Whoever <see cref="CurrentPerson"/>
/// names is "logged in" there; the authorization endpoint issues a code for that person at once.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "samverkan-sekretess";
    public const string ClientSecret = "idp-klienthemlighet-endast-for-test-0123456789";

    public sealed record Person(string Subject, string Name, IReadOnlyList<(string Type, string Value)> Claims, bool Mfa);

    private WebApplication? _app;
    private string _directory = "";

    public string Issuer { get; private set; } = "";
    public X509Certificate2 Certificate { get; private set; } = null!;
    public Person CurrentPerson { get; set; } = new("idp-user-1", "Fia Federerad", [], Mfa: true);

    public async Task StartAsync()
    {
        _directory = Directory.CreateTempSubdirectory("fake-idp-").FullName;
        Certificate = CreateTlsCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(Certificate)));
        builder.Services.AddDbContext<IdpDb>(o => o.UseSqlite("Data Source=" + Path.Combine(_directory, "idp.db")).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdpDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("authorize").SetTokenEndpointUris("token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough();
            });
        _app = builder.Build();
        _app.MapGet("/authorize", (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            var person = CurrentPerson;
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, person.Subject));
            identity.AddClaim(new Claim(Claims.Name, person.Name));
            foreach (var (type, value) in person.Claims) identity.AddClaim(new Claim(type, value));
            identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, "pwd"));
            if (person.Mfa) identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, "mfa"));
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        using (var scope = _app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdpDb>().Database.EnsureCreatedAsync();
        }

        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Issuer = address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/";
    }

    /// <summary>Registers the app as a confidential client with its redirect URI (known once the app runs).</summary>
    public async Task RegisterClientAsync(string redirectUri)
    {
        using var scope = _app!.Services.CreateScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await manager.FindByClientIdAsync(ClientId) is not null) return;
        await manager.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId, ClientSecret = ClientSecret, ClientType = ClientTypes.Confidential, ConsentType = ConsentTypes.Implicit,
            RedirectUris = { new Uri(redirectUri) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    /// <summary>A browser's view of the IdP: trusts its certificate, does not follow redirects.</summary>
    public HttpClient CreateBrowserClient() => new(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == Certificate.Thumbprint,
    });

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder
        }
    }

    private static X509Certificate2 CreateTlsCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private sealed class IdpDb(DbContextOptions<IdpDb> options) : DbContext(options);
}
