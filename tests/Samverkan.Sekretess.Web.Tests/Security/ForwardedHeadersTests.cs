using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Security;

/// <summary>A host whose reverse proxy is the loopback address the tests connect from.</summary>
public sealed class BehindProxyAppServer : AppServer
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
}

/// <summary>
/// ASVS 6.3.1, 16.2.1: X-Forwarded-For is ignored unless it comes from a configured proxy (anyone could send it), and
/// from a configured proxy the client's address is the one recorded in the audit log (and used by the login limit).
/// </summary>
public sealed class ForwardedHeadersTests(AppServer plain, BehindProxyAppServer behindProxy)
    : IClassFixture<AppServer>, IClassFixture<BehindProxyAppServer>
{
    private const string Forwarded = "203.0.113.7";

    [Fact]
    public async Task XForwardedFor_IsIgnoredByDefault()
    {
        Assert.Equal("web 127.0.0.1", await ClientOfALoginAsync(plain));
    }

    [Fact]
    public async Task XForwardedFor_FromAConfiguredProxy_IsTheClientInTheAuditLog()
    {
        Assert.Equal("web " + Forwarded, await ClientOfALoginAsync(behindProxy));
    }

    /// <summary>A password step with a forged/forwarded address; the client recorded in the audit entry it wrote.</summary>
    private static async Task<string> ClientOfALoginAsync(AppServer app)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", Forwarded);
        await HttpLogin.PasswordStepAsync(client, "socialsekreterare");
        await using var conn = new NpgsqlConnection(app.Services.GetRequiredService<IConfiguration>()["Database:ConnectionString"]);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT \"Client\" FROM \"AuditEntries\" WHERE \"Client\" LIKE 'web %' ORDER BY \"Sequence\" DESC LIMIT 1", conn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
