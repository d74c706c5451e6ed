using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Samverkan.Sekretess.Core.Protection;

/// <summary>
/// The certificates that protect the Data Protection key ring, loaded once at startup. Fail closed: a configured
/// certificate that cannot be loaded, has no private key or no RSA key stops the app with a message naming the
/// configuration key (never a value).
/// </summary>
public sealed class KeyRingCertificates
{
    /// <summary>File name of the embedded default's certificate in the data folder (kept out of git by data/ in .gitignore).</summary>
    public const string LocalFileName = "dataprotection-keyring.pfx";

    private KeyRingCertificates(X509Certificate2? current, IReadOnlyList<X509Certificate2> all)
    {
        Current = current;
        All = all;
    }

    /// <summary>Encrypts new keys; null = the key ring is stored unencrypted (development and tests without configuration).</summary>
    public X509Certificate2? Current { get; }

    /// <summary>The current and the previous certificates: any of them may decrypt a stored key.</summary>
    public IReadOnlyList<X509Certificate2> All { get; }

    public static KeyRingCertificates Load(KeyRingProtectionOptions options)
    {
        if (!options.Certificate.IsConfigured)
        {
            if (options.PreviousCertificates.Any(p => p.IsConfigured))
                throw new InvalidOperationException("DataProtection:PreviousCertificates is set but DataProtection:Certificate is not.");
            return new KeyRingCertificates(null, []);
        }

        var current = LoadOne(options.Certificate, "DataProtection:Certificate");
        var all = new List<X509Certificate2> { current };
        for (var i = 0; i < options.PreviousCertificates.Count; i++)
            if (options.PreviousCertificates[i].IsConfigured) all.Add(LoadOne(options.PreviousCertificates[i], $"DataProtection:PreviousCertificates:{i}"));
        return new KeyRingCertificates(current, all);
    }

    private static X509Certificate2 LoadOne(CertificateSource source, string name)
    {
        X509Certificate2 certificate;
        if (!string.IsNullOrWhiteSpace(source.Path))
        {
            if (!File.Exists(source.Path)) throw new InvalidOperationException($"{name}:Path: the certificate file does not exist.");
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(source.Path, source.Password, X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (CryptographicException)
            {
                // The inner message may echo file details; the configuration key and the likely causes are enough.
                throw new InvalidOperationException($"{name}: the certificate file could not be loaded (not PKCS#12, or a wrong password).");
            }
        }
        else
        {
            if (!Enum.TryParse<StoreLocation>(source.StoreLocation, ignoreCase: true, out var location))
                throw new InvalidOperationException($"{name}:StoreLocation must be CurrentUser or LocalMachine.");
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, source.Thumbprint!.Replace(" ", "", StringComparison.Ordinal), validOnly: false);
            certificate = found.Count == 1 ? found[0] : throw new InvalidOperationException($"{name}:Thumbprint: no single certificate with that thumbprint in the {location} My store.");
        }

        if (!certificate.HasPrivateKey) throw new InvalidOperationException($"{name}: the certificate has no private key; the key ring could not be decrypted with it.");
        using var rsa = certificate.GetRSAPrivateKey();
        return rsa is not null ? certificate : throw new InvalidOperationException($"{name}: the certificate must have an RSA key (XML encryption of the key ring).");
    }

    /// <summary>
    /// The embedded default: a self-signed certificate made once in the data folder (mode 0600, encrypted with
    /// <paramref name="password"/>, which the data folder keeps beside it), returned as its path.
    /// Like data/keys.json it protects a demo; production configures its own (SECURITY.md, operations guide).
    /// </summary>
    public static string EnsureLocal(string dataDirectory, DateTimeOffset now, string password)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = System.IO.Path.Combine(dataDirectory, LocalFileName);
        using var certificate = LocalSecretFiles.LoadOrCreatePkcs12(path, password,
            () => CreateSelfSigned("CN=Samverkan.Sekretess key ring (local)", now.AddMinutes(-5), now.AddYears(5)));
        return path;
    }

    /// <summary>A 3072-bit RSA certificate for key encipherment (also used by tests to make certificates).</summary>
    public static X509Certificate2 CreateSelfSigned(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var created = request.CreateSelfSigned(notBefore, notAfter);
        // Round-trip through PKCS#12 so that the private key is usable on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null, X509KeyStorageFlags.Exportable);
    }
}
