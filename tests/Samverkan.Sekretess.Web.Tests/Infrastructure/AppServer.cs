using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>
/// The real app on real Kestrel (loopback, random port) against its own PostgreSQL database,
/// migrated and seeded with the demo personas exactly as production startup does it.
/// </summary>
public class AppServer : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    public string BaseUrl { get; private set; } = "";

    public IServiceProvider Services => _factory!.Services;

    public async ValueTask InitializeAsync()
    {
        await BeforeStartAsync();
        var connectionString = await PostgresFixture.Cluster.CreateDatabaseAsync("web");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", "PostgreSql");
            b.UseSetting("Database:ConnectionString", connectionString);
            b.UseSetting("Keys:AuditChainKey", TestKeys.AuditChainKey);
            b.UseSetting("Keys:BlindIndexKey", TestKeys.BlindIndexKey);
            // Hangfire keeps process-wide state (stack.md §4): off in web hosts; Jobs/ tests turn it on in their own collection.
            b.UseSetting("Jobs:Storage", "None");
            // Checkpoints (on by default) sign the head at startup; Respawn then resets the log under them, which the
            // verification would rightly call a truncation. Core's Audit tests cover checkpoints with a folder per fixture.
            b.UseSetting("Audit:CheckpointsEnabled", "false");
            // Tests log in often from one address and check a disabled user on the very next request.
            b.UseSetting("Authentication:LoginPermitLimit", "100000");
            b.UseSetting("Authentication:SecurityStampValidationInterval", "00:00:00");
            b.UseSetting("Authentication:Totp:AllowedTimeStepDrift", TestTotp.TestDrift.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.ConfigureServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
            // Every host's logs, Debug and above, for the personal-data scan (Security/NoPersonalDataInLogsTests).
            b.ConfigureLogging(l => l.AddProvider(CapturedLogs.Provider).AddFilter<CapturedLogs>(null, LogLevel.Debug));
            Configure(b);
        });
        if (UseTestServer)
        {
            // In-memory TestServer: requests look like HTTPS (https://localhost), for Secure-cookie checks.
            BaseUrl = "https://localhost";
            _ = _factory.Server;
            return;
        }

        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // localhost rather than 127.0.0.1: cookies and (later) WebAuthn need a host name.
        BaseUrl = address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    /// <summary>For a derived fixture: work before the app is built (e.g. start a fake identity provider it must know).</summary>
    protected virtual ValueTask BeforeStartAsync() => ValueTask.CompletedTask;

    /// <summary>Extra settings for a derived fixture (applied after the defaults above).</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    /// <summary>True: no Kestrel; clients come from the in-memory TestServer at https://localhost.</summary>
    protected virtual bool UseTestServer => false;

    /// <summary>An HTTP client that keeps cookies and does not follow redirects.</summary>
    public HttpClient CreateClient() => UseTestServer
        ? _factory!.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(BaseUrl), AllowAutoRedirect = false, HandleCookies = true })
        : new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(BaseUrl) };

    public virtual async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
