using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Web.Auth.Oidc;

/// <summary>
/// Where the OpenID Connect server's signing and encryption keys come from:
/// <list type="bullet">
/// <item>Production: certificates from configuration (a PKCS#12 file or the certificate store). Without them the app does not start.</item>
/// <item>Embedded default (SQLite, a data folder): self-signed certificates generated once and kept in <c>data/</c> (mode 0600, encrypted with a random password kept beside them),
/// so tokens survive a restart. Acceptable for a demo only, like <c>data/keys.json</c>.</item>
/// <item>Development/Testing without a data folder: certificates made in memory (tokens die with the process).</item>
/// </list>
/// </summary>
internal static class OidcKeys
{
    public enum Use
    {
        Signing,
        Encryption,
    }

    /// <summary>RSA keys below this are refused (ASVS 11.2.3: 128-bit security; RSA-2048 gives 112). See SECURITY.md.</summary>
    public const int MinimumRsaBits = 3072;

    public static X509Certificate2 Load(CertificateSettings settings, string name) => Checked(LoadConfigured(settings, name), name);

    private static X509Certificate2 LoadConfigured(CertificateSettings settings, string name)
    {
        if (!string.IsNullOrWhiteSpace(settings.Path))
            return X509CertificateLoader.LoadPkcs12FromFile(settings.Path, settings.Password, X509KeyStorageFlags.EphemeralKeySet);
        var location = Enum.Parse<StoreLocation>(settings.StoreLocation, ignoreCase: true);
        using var store = new X509Store(StoreName.My, location);
        store.Open(OpenFlags.ReadOnly);
        var found = store.Certificates.Find(X509FindType.FindByThumbprint, settings.Thumbprint!, validOnly: false);
        return found.Count == 1 && found[0].HasPrivateKey
            ? found[0]
            : throw new InvalidOperationException($"OpenIddict:{name}: no certificate with a private key has that thumbprint.");
    }

    /// <summary>Fail closed at startup: a configured certificate with a key weaker than 128-bit security stops the app.</summary>
    private static X509Certificate2 Checked(X509Certificate2 certificate, string name)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null && rsa.KeySize >= MinimumRsaBits) return certificate;
        var found = rsa is null ? "no RSA key" : $"an RSA key of {rsa.KeySize} bits";
        certificate.Dispose();
        throw new InvalidOperationException($"OpenIddict:{name}: the certificate has {found}; an RSA key of at least {MinimumRsaBits} bits is required " +
            "(128-bit security). Make a new certificate (docs/operations.md, OpenID Connect certificates) and restart.");
    }

    /// <summary>Loads the certificate kept in the data folder (encrypted with the data folder's certificate password), creating it on first run.</summary>
    public static X509Certificate2 LoadOrCreateLocal(string dataDirectory, Use use, DateTimeOffset now)
    {
        var path = System.IO.Path.Combine(dataDirectory, use == Use.Signing ? "oidc-signing.pfx" : "oidc-encryption.pfx");
        var password = LocalSecretFiles.LoadOrCreateCertificatePassword(dataDirectory);
        var certificate = LocalSecretFiles.LoadOrCreatePkcs12(path, password, () => CreateSelfSigned(use, now));
        using (var rsa = certificate.GetRSAPublicKey())
            if (rsa is not null && rsa.KeySize >= MinimumRsaBits) return certificate;
        // Made by an older version (RSA-2048): replace it. Demo tokens signed with it (5 minutes) stop validating.
        certificate.Dispose();
        File.Delete(path);
        return LocalSecretFiles.LoadOrCreatePkcs12(path, password, () => CreateSelfSigned(use, now));
    }

    /// <summary>A 3072-bit RSA certificate (128-bit security) with the key usage OpenIddict demands for its use, valid two years.</summary>
    public static X509Certificate2 CreateSelfSigned(Use use, DateTimeOffset now)
    {
        using var rsa = RSA.Create(MinimumRsaBits);
        var request = new CertificateRequest($"CN=Samverkan.Sekretess OIDC {use}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            use == Use.Signing ? X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(2));
        // Round-trip through PKCS#12 so that the private key is usable on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
    }
}
