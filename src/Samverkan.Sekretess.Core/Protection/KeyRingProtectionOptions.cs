namespace Samverkan.Sekretess.Core.Protection;

/// <summary>
/// Configuration section "DataProtection": the certificate that encrypts the Data Protection key ring stored in the
/// database (XML encryption with the certificate's RSA key), and earlier certificates that may still be needed to
/// read keys written before a certificate roll. Without a certificate the key ring is stored unencrypted; the web
/// app refuses that in production (<see cref="RequiredButMissing"/>), and the embedded default makes a local one.
/// </summary>
public sealed class KeyRingProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>Encrypts new keys (and decrypts keys it encrypted).</summary>
    public CertificateSource Certificate { get; set; } = new();

    /// <summary>Decrypt only: the certificates keys were encrypted with before a roll. Remove one when no key needs it any longer.</summary>
    public List<CertificateSource> PreviousCertificates { get; set; } = [];

    /// <summary>Null when the configuration is acceptable for an app outside development, tests and the embedded default.</summary>
    public static string? RequiredButMissing(KeyRingProtectionOptions? options) =>
        options?.Certificate.IsConfigured == true ? null
            : "DataProtection:Certificate (Path and Password, or Thumbprint) is required outside development: the key ring must not be stored unencrypted.";
}

/// <summary>A certificate with its private key: a PKCS#12 file (Path, Password) or the certificate store (Thumbprint, StoreLocation).</summary>
public sealed class CertificateSource
{
    public string? Path { get; set; }
    public string? Password { get; set; }
    public string? Thumbprint { get; set; }

    /// <summary>CurrentUser or LocalMachine (for <see cref="Thumbprint"/>; the "My" store).</summary>
    public string StoreLocation { get; set; } = "CurrentUser";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path) || !string.IsNullOrWhiteSpace(Thumbprint);
}
