using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>The app with one federated identity provider, <see cref="FakeIdentityProvider"/>, configured as "testidp".</summary>
public sealed class FederationServer : AppServer
{
    public const string Provider = "testidp";

    public FakeIdentityProvider Idp { get; } = new();

    protected override async ValueTask BeforeStartAsync() => await Idp.StartAsync();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting($"Authentication:Federation:{Provider}:DisplayName", "Testkommunens inloggning");
        builder.UseSetting($"Authentication:Federation:{Provider}:Authority", Idp.Issuer);
        builder.UseSetting($"Authentication:Federation:{Provider}:ClientId", FakeIdentityProvider.ClientId);
        builder.UseSetting($"Authentication:Federation:{Provider}:ClientSecret", FakeIdentityProvider.ClientSecret);
        // The test IdP's self-signed TLS certificate is trusted for the back channel (token and discovery requests), nothing else.
        builder.ConfigureTestServices(s => s.AddOpenIddict().AddClient().UseSystemNetHttp()
            .ConfigureHttpClientHandler(h => h.ServerCertificateCustomValidationCallback =
                (_, certificate, _, errors) => errors == System.Net.Security.SslPolicyErrors.None || certificate?.Thumbprint == Idp.Certificate.Thumbprint));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
    }
}
