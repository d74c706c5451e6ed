using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Web.Tests.Auth;

/// <summary>Fail closed: outside Development/Testing (and the embedded default) the app does not start without OpenID Connect certificates.</summary>
public sealed class OidcKeysStartupTests
{
    [Fact]
    public async Task Production_WithoutSigningAndEncryptionCertificates_DoesNotStart()
    {
        var connectionString = await PostgresFixture.Cluster.CreateDatabaseAsync("prodkeys");
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Database:Provider", "PostgreSql");
            b.UseSetting("Database:ConnectionString", connectionString);
            b.UseSetting("Keys:AuditChainKey", TestKeys.AuditChainKey);
            b.UseSetting("Keys:BlindIndexKey", TestKeys.BlindIndexKey);
            // Demo seeding is refused outside Development/Testing before this check (EmbeddedDefaultTests); off, as in production.
            b.UseSetting("Database:SeedDemoData", "false");
            // Hangfire keeps process-wide state (stack.md §4): off in web hosts; Jobs/ tests turn it on in their own collection.
            b.UseSetting("Jobs:Storage", "None");
        });
        var error = Assert.Throws<InvalidOperationException>(() => factory.Server);
        Assert.Contains("OpenIddict:SigningCertificate", error.Message, StringComparison.Ordinal);
    }
}
