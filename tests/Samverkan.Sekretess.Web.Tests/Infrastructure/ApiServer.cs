using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>
/// The app with three registered API clients (as an operator would configure them) and a clock the tests can move:
/// a public PKCE client for people, and two confidential system integrations acting for social services and the police.
/// </summary>
public class ApiServer : AppServer
{
    public const string PublicClient = "test-app";
    public const string RedirectUri = "http://localhost:9/callback";
    public const string SocialServicesSystem = "soc-system";
    public const string PoliceSystem = "polis-system";
    public const string Secret = "en-hemlighet-som-bara-testet-kanner-till-0123456789";

    public ShiftableClock Clock { get; } = new();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting($"OpenIddict:Clients:{PublicClient}:DisplayName", "Testapp");
        builder.UseSetting($"OpenIddict:Clients:{PublicClient}:Type", "public");
        builder.UseSetting($"OpenIddict:Clients:{PublicClient}:GrantTypes:0", "authorization_code");
        builder.UseSetting($"OpenIddict:Clients:{PublicClient}:RedirectUris:0", RedirectUri);
        foreach (var (client, authority) in new[] { (SocialServicesSystem, "soc-kristianstad"), (PoliceSystem, "polis-lpo-kristianstad") })
        {
            builder.UseSetting($"OpenIddict:Clients:{client}:DisplayName", "Verksamhetssystem " + authority);
            builder.UseSetting($"OpenIddict:Clients:{client}:Type", "confidential");
            builder.UseSetting($"OpenIddict:Clients:{client}:ClientSecret", Secret);
            builder.UseSetting($"OpenIddict:Clients:{client}:GrantTypes:0", "client_credentials");
            builder.UseSetting($"OpenIddict:Clients:{client}:AuthorityCode", authority);
        }

        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}
