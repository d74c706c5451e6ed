using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Samverkan.Sekretess.Web.Tests.Security;

/// <summary>
/// The embedded default (SQLite in a data folder, no configuration) as an operator who sets only ASPNETCORE_ENVIRONMENT
/// would run it: outside Development/Testing it refuses to start rather than seed users with the published password and
/// TOTP secret; where it runs, the database and every secret in the folder are the owner's only, and the self-signed
/// PKCS#12 files open only with the random password kept beside the keys.
/// </summary>
public sealed class EmbeddedDefaultTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("sekretess-embedded-");

    private string Data => Path.Combine(_root.FullName, "data");

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void OutsideDevelopmentAndTesting_WithDefaultSettings_RefusesToStart_AndCreatesNoDemoUser(string environment)
    {
        using var factory = Embedded(environment);

        var error = Assert.Throws<InvalidOperationException>(() => factory.Server);

        Assert.Contains("Database:SeedDemoData", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, CountUsers());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Testing_TheDatabaseAndEverySecretInTheDataFolder_AreTheOwnersOnly_AndThePfxFilesNeedThePasswordKeptBesideThem()
    {
        await using (var factory = Embedded("Testing"))
        {
            _ = factory.Server;
            using var scope = factory.Services.CreateScope();
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<UserManager<Core.Identity.ApplicationUser>>().FindByNameAsync("socialsekreterare"));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Data));
        foreach (var file in new[] { "samverkan.db", "keys.json", "certificates.password", "dataprotection-keyring.pfx", "oidc-signing.pfx", "oidc-encryption.pfx" })
            Assert.True(File.GetUnixFileMode(Path.Combine(Data, file)) == OwnerReadWrite, $"{file}: {File.GetUnixFileMode(Path.Combine(Data, file))}");
        var password = (await File.ReadAllTextAsync(Path.Combine(Data, "certificates.password"))).Trim();
        Assert.True(password.Length >= 32);
        foreach (var pfx in new[] { "dataprotection-keyring.pfx", "oidc-signing.pfx", "oidc-encryption.pfx" })
        {
            var path = Path.Combine(Data, pfx);
            Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(path, null));
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            Assert.True(certificate.HasPrivateKey);
        }
    }

    private WebApplicationFactory<Program> Embedded(string environment) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseContentRoot(_root.FullName);
            // Only the database file is named (the default's relative path would land in the test's working directory).
            b.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(Data, "samverkan.db")}");
            b.UseSetting("Jobs:Storage", "None");
            b.ConfigureServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000));
        });

    private int CountUsers()
    {
        var file = Path.Combine(Data, "samverkan.db");
        if (!File.Exists(file)) return 0;
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'AspNetUsers'";
        if (Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return 0;
        command.CommandText = "SELECT count(*) FROM AspNetUsers";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
