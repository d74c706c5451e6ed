using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.Protection;

/// <summary>
/// The Data Protection key ring encrypted with a certificate, on real PostgreSQL (a fresh database per test): the stored
/// key XML is encrypted; a second host with the same certificate reads what the first wrote; a host with another
/// certificate fails (an exception, not garbage); a rolled certificate still reads keys of the previous one; a bad
/// certificate stops the app at startup. KeyRingHealth reports a healthy ring and the problems an operator must act on.
/// </summary>
public sealed class KeyRingCertificateTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("keyring");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task StoredKeyXml_IsEncryptedWithTheCertificate_AndContainsNoPlainMasterKey()
    {
        var (db, certificate) = (await NewDatabaseAsync(), Certificate("a"));
        await using var services = await HostAsync(db, certificate);
        Protect(services, "Fiktiv hemlighet");

        await using var context = TestDb.Create("PostgreSql", db);
        var xml = await context.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(xml);
        Assert.All(xml, x =>
        {
            Assert.Contains("EncryptedData", x, StringComparison.Ordinal);
            Assert.Contains("encryptedSecret", x, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", x, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task DataWrittenInOneHost_IsReadableInAnotherWithTheSameCertificate_ButNotWithAnother()
    {
        var (db, certificate) = (await NewDatabaseAsync(), Certificate("a"));
        string cipher;
        await using (var first = await HostAsync(db, certificate))
            cipher = Protect(first, "Fiktiv hemlighet");

        await using (var second = await HostAsync(db, certificate))
            Assert.Equal("Fiktiv hemlighet", Unprotect(second, cipher));

        await using var foreign = await HostAsync(db, Certificate("b"));
        Assert.ThrowsAny<CryptographicException>(() => Unprotect(foreign, cipher));
    }

    [Fact]
    public async Task RolledCertificate_ReadsKeysOfThePreviousOne_AndEncryptsNewKeysWithTheNewOne()
    {
        var (db, old, rolled) = (await NewDatabaseAsync(), Certificate("old"), Certificate("new"));
        string cipher;
        await using (var before = await HostAsync(db, old))
            cipher = Protect(before, "Fiktiv hemlighet");

        await using (var withoutPrevious = await HostAsync(db, rolled))
            Assert.ThrowsAny<CryptographicException>(() => Unprotect(withoutPrevious, cipher));

        await using var after = await HostAsync(db, rolled, previous: old);
        Assert.Equal("Fiktiv hemlighet", Unprotect(after, cipher));
        var now = DateTimeOffset.UtcNow;
        var key = after.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
        await using var context = TestDb.Create("PostgreSql", db);
        var xml = await context.DataProtectionKeys.Where(k => k.FriendlyName == "key-" + key.KeyId.ToString("D")).Select(k => k.Xml!).SingleAsync();
        Assert.Contains(Convert.ToBase64String(X509CertificateLoader.LoadCertificateFromFile(Path.ChangeExtension(rolled.Path, ".cer")).RawData), xml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("wrong-password")]
    [InlineData("no-private-key")]
    public void BadCertificate_StopsTheAppAtStartup_WithAClearMessage(string fault)
    {
        var good = Certificate("good");
        var (path, password) = fault switch
        {
            "missing" => (Path.Combine(_folder.FullName, "nowhere.pfx"), "pw-for-a-missing-file"),
            "wrong-password" => (good.Path, "not-the-password"),
            _ => (PublicOnly(good), good.Password),
        };

        var error = Assert.Throws<InvalidOperationException>(() => CoreHost.CreateServices("Host=/nowhere;Database=x", new Dictionary<string, string?>
        {
            ["DataProtection:Certificate:Path"] = path, ["DataProtection:Certificate:Password"] = password,
        }));
        Assert.StartsWith("DataProtection:Certificate", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedDefault_MakesOneLocalCertificateWithAPrivateKey_ReadableOnlyByTheOwner_AndOnlyWithItsPassword()
    {
        var now = DateTimeOffset.UtcNow;
        var password = LocalSecretFiles.LoadOrCreateCertificatePassword(_folder.FullName);
        Assert.Equal(password, LocalSecretFiles.LoadOrCreateCertificatePassword(_folder.FullName));
        var path = KeyRingCertificates.EnsureLocal(_folder.FullName, now, password);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(path, KeyRingCertificates.EnsureLocal(_folder.FullName, now, password));
        Assert.Equal(bytes, File.ReadAllBytes(path));
        var loaded = KeyRingCertificates.Load(new KeyRingProtectionOptions { Certificate = new CertificateSource { Path = path, Password = password } });
        Assert.True(loaded.Current!.HasPrivateKey);
        // A copy of the file alone (a backup of the data folder without its password file) does not open.
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(path, null));
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(path, ""));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(Path.Combine(_folder.FullName, LocalSecretFiles.CertificatePasswordFileName)));
        }
    }

    [Fact]
    public void EmbeddedDefault_ACertificateFromAnEarlierVersionWithoutPassword_IsReEncryptedInPlace()
    {
        var now = DateTimeOffset.UtcNow;
        using var legacy = KeyRingCertificates.CreateSelfSigned("CN=legacy", now.AddMinutes(-5), now.AddYears(1));
        var path = Path.Combine(_folder.FullName, KeyRingCertificates.LocalFileName);
        File.WriteAllBytes(path, legacy.Export(X509ContentType.Pfx));
        var password = LocalSecretFiles.LoadOrCreateCertificatePassword(_folder.FullName);

        KeyRingCertificates.EnsureLocal(_folder.FullName, now, password);

        using var reloaded = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        Assert.Equal(legacy.Thumbprint, reloaded.Thumbprint);
        Assert.True(reloaded.HasPrivateKey);
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(path, null));
    }

    [Fact]
    public async Task Health_OfACertificateProtectedRing_IsHealthy()
    {
        var (db, certificate) = (await NewDatabaseAsync(), Certificate("a"));
        await using var services = await HostAsync(db, certificate);

        var report = await HealthAsync(services);

        Assert.Empty(report.Problems);
        Assert.True(report.Healthy);
        Assert.True(report.RoundTripWorks);
        Assert.True(report.CertificateProtected);
        Assert.Equal(1, report.KeyCount);
        Assert.NotNull(report.DefaultKeyId);
        Assert.InRange(report.DaysUntilDefaultKeyExpires!.Value, 88, 90);
        Assert.Equal(certificate.NotAfter, report.CertificateNotAfter);
    }

    [Fact]
    public async Task Health_DefaultKeyAndCertificateNearExpiry_AreReported()
    {
        var now = DateTimeOffset.UtcNow;
        var (db, certificate) = (await NewDatabaseAsync(), Certificate("short", now.AddDays(10)));
        await using var services = await HostAsync(db, certificate);
        // The only key, expiring in five days (Data Protection only makes a successor within two days of expiry).
        var key = services.GetRequiredService<IKeyManager>().CreateNewKey(now.AddMinutes(-1), now.AddDays(5));

        var report = await HealthAsync(services);

        Assert.Equal(key.KeyId, report.DefaultKeyId);
        Assert.Equal(4, report.DaysUntilDefaultKeyExpires);
        Assert.True(report.RoundTripWorks);
        Assert.Equal(2, report.Problems.Count);
        Assert.Contains(report.Problems, p => p.StartsWith("Standardnyckeln går ut om 4 dagar", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.StartsWith("Certifikatet som skyddar nyckelringen går ut", StringComparison.Ordinal) && p.Contains("om 9 dagar", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_WithoutCertificate_ReportsAnUnprotectedRing()
    {
        await using var services = await HostAsync(await NewDatabaseAsync(), null);

        var report = await HealthAsync(services);

        Assert.True(report.RoundTripWorks);
        Assert.False(report.CertificateProtected);
        Assert.Null(report.CertificateNotAfter);
        Assert.Equal(["Nyckelringen skyddas inte av något certifikat (DataProtection:Certificate saknas)."], report.Problems);
    }

    private sealed record TestCertificate(string Path, string Password, DateTimeOffset NotAfter);

    /// <summary>A password-protected PKCS#12 file (and its public .cer beside it), as an operator would deploy it.</summary>
    private TestCertificate Certificate(string name, DateTimeOffset? notAfter = null)
    {
        var now = DateTimeOffset.UtcNow;
        var expiry = notAfter ?? now.AddYears(2);
        using var certificate = KeyRingCertificates.CreateSelfSigned($"CN=Test key ring {name}", now.AddMinutes(-5), expiry);
        var password = "pw-" + name + "-" + Guid.NewGuid().ToString("N");
        var path = Path.Combine(_folder.FullName, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        File.WriteAllBytes(Path.ChangeExtension(path, ".cer"), certificate.Export(X509ContentType.Cert));
        return new TestCertificate(path, password, new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }

    /// <summary>The same certificate in a PKCS#12 file without its private key.</summary>
    private string PublicOnly(TestCertificate certificate)
    {
        using var publicOnly = X509CertificateLoader.LoadCertificateFromFile(Path.ChangeExtension(certificate.Path, ".cer"));
        var path = Path.Combine(_folder.FullName, "public-only.pfx");
        File.WriteAllBytes(path, publicOnly.Export(X509ContentType.Pfx, certificate.Password));
        return path;
    }

    private static async Task<string> NewDatabaseAsync()
    {
        var db = await PostgresFixture.Cluster.CreateDatabaseAsync("keyring");
        await using var services = CoreHost.CreateServices(db);
        await using var scope = services.CreateAsyncScope();
        await CoreHost.Get<DatabaseInitializer>(scope).MigrateAsync(Ct);
        return db;
    }

    private static Task<ServiceProvider> HostAsync(string db, TestCertificate? certificate, TestCertificate? previous = null)
    {
        var settings = new Dictionary<string, string?>();
        if (certificate is not null)
        {
            settings["DataProtection:Certificate:Path"] = certificate.Path;
            settings["DataProtection:Certificate:Password"] = certificate.Password;
        }

        if (previous is not null)
        {
            settings["DataProtection:PreviousCertificates:0:Path"] = previous.Path;
            settings["DataProtection:PreviousCertificates:0:Password"] = previous.Password;
        }

        return Task.FromResult(CoreHost.CreateServices(db, settings));
    }

    private static string Protect(ServiceProvider services, string plain)
    {
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<FieldProtector>().Protect(plain);
    }

    private static string Unprotect(ServiceProvider services, string cipher)
    {
        using var scope = services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<FieldProtector>().Unprotect(cipher);
    }

    private static async Task<KeyRingHealthReport> HealthAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await CoreHost.Get<KeyRingHealth>(scope).CheckAsync(Ct);
    }
}
