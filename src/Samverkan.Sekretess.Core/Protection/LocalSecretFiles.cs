using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Samverkan.Sekretess.Core.Protection;

/// <summary>
/// The embedded default's secrets in its data folder (keys.json, the self-signed PKCS#12 files and their password): each file
/// is created readable by the owner only (0600) from its first byte, never made and then narrowed. A demo's protection, not
/// production's: production configures certificates and keys from a secret store (SECURITY.md, docs/operations.md).
/// </summary>
public static class LocalSecretFiles
{
    /// <summary>File in the data folder that holds the random password of the local PKCS#12 files.</summary>
    public const string CertificatePasswordFileName = "certificates.password";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The local PKCS#12 files' password, made (32 random bytes, base64) on first use.</summary>
    public static string LoadOrCreateCertificatePassword(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, CertificatePasswordFileName);
        if (!File.Exists(path)) TryCreate(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        var password = File.ReadAllText(path).Trim();
        return password.Length >= 32 ? password : throw new InvalidOperationException($"{CertificatePasswordFileName} in the data folder is damaged: delete the data folder's *.pfx files and it.");
    }

    /// <summary>Writes a new file with mode 0600 from the start; false if it exists already (another process made it first).</summary>
    public static bool TryCreate(string path, byte[] content)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using (var stream = new FileStream(temporary, options)) stream.Write(content);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }

    /// <summary>
    /// Loads a local PKCS#12 file with <paramref name="password"/>, creating it with <paramref name="create"/> on first run.
    /// A file from an earlier version without a password is re-encrypted with it in place.
    /// </summary>
    public static X509Certificate2 LoadOrCreatePkcs12(string path, string password, Func<X509Certificate2> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (!File.Exists(path))
        {
            using var created = create();
            TryCreate(path, Protect(created, password));
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            // Written by an earlier version without a password: re-encrypt it in place (throws again if it is something else).
            using var legacy = X509CertificateLoader.LoadPkcs12FromFile(path, null, X509KeyStorageFlags.Exportable);
            var temporary = path + ".rekey.tmp";
            File.Delete(temporary);
            TryCreate(temporary, Protect(legacy, password));
            File.Move(temporary, path, overwrite: true);
            return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
    }

    /// <summary>Gives an existing file (the embedded database) mode 0600 if it is wider.</summary>
    public static void RestrictToOwner(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return;
        if ((File.GetUnixFileMode(path) & ~OwnerOnly) != 0) File.SetUnixFileMode(path, OwnerOnly);
    }

    /// <summary>Creates an empty file with mode 0600 unless it exists; SQLite takes an empty file as a new database.</summary>
    public static void CreateEmptyIfMissing(string path) => _ = File.Exists(path) || TryCreate(path, []);

    private static byte[] Protect(X509Certificate2 certificate, string password) =>
        certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
}
