using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Samverkan.Sekretess.Testing;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

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

/// <summary>ASVS 11.2.3: OpenID Connect keys of at least 128-bit security, made so and checked when configured.</summary>
public sealed class OidcKeyStrengthTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task GeneratedSigningKey_IsRsa3072OrStronger()
    {
        using var client = app.CreateClient();
        using var jwks = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks"));
        var keys = jwks.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.True(
            Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(k.GetProperty("n").GetString()!).Length * 8 >= 3072, "RSA modulus below 3072 bits"));
    }

    [Fact]
    public async Task ConfiguredRsa2048Certificate_StopsTheAppWithAClearMessage()
    {
        var folder = Directory.CreateTempSubdirectory("oidc-weak-").FullName;
        try
        {
            var weak = Pfx(folder, "weak.pfx", 2048, X509KeyUsageFlags.DigitalSignature);
            var strong = Pfx(folder, "strong.pfx", 3072, X509KeyUsageFlags.KeyEncipherment);
            var connectionString = await PostgresFixture.Cluster.CreateDatabaseAsync("weakkeys");
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Testing");
                b.UseSetting("Database:Provider", "PostgreSql");
                b.UseSetting("Database:ConnectionString", connectionString);
                b.UseSetting("Keys:AuditChainKey", TestKeys.AuditChainKey);
                b.UseSetting("Keys:BlindIndexKey", TestKeys.BlindIndexKey);
                b.UseSetting("Jobs:Storage", "None");
                b.UseSetting("OpenIddict:SigningCertificate:Path", weak);
                b.UseSetting("OpenIddict:SigningCertificate:Password", "test");
                b.UseSetting("OpenIddict:EncryptionCertificate:Path", strong);
                b.UseSetting("OpenIddict:EncryptionCertificate:Password", "test");
            });
            var error = Assert.ThrowsAny<InvalidOperationException>(() => factory.Server);
            Assert.Contains("OpenIddict:SigningCertificate", error.Message, StringComparison.Ordinal);
            Assert.Contains("2048", error.Message, StringComparison.Ordinal);
            Assert.Contains("3072", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Pfx(string folder, string name, int bits, X509KeyUsageFlags usage)
    {
        using var rsa = RSA.Create(bits);
        var request = new CertificateRequest("CN=test " + name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "test"));
        return path;
    }
}
