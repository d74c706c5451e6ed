using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Web.Infrastructure;

/// <summary>
/// For the embedded default only: creates data/keys.json with fresh random keys on first run, so a
/// newcomer needs nothing but `dotnet run`. Production supplies Keys:* from a secret store instead;
/// the audit key must never live in the same database as the chain it protects.
/// Also the certificate that encrypts the Data Protection key ring (data/dataprotection-keyring.pfx) and the audit checkpoint
/// signing key (data/audit-checkpoint-key.pem), unless configured; the certificates are encrypted like the OpenID Connect
/// certificates with a random password kept beside the keys (data/certificates.password). Every file here, the database
/// included, is readable by the app's account only (0600; the folder 0700).
/// </summary>
internal static class EmbeddedKeys
{
    public static void AddTo(ConfigurationManager configuration, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AddKeyRingCertificate(configuration, dataDirectory);
        AddCheckpointKey(configuration, dataDirectory);
        if (!string.IsNullOrEmpty(configuration["Keys:AuditChainKey"]) && !string.IsNullOrEmpty(configuration["Keys:BlindIndexKey"])) return;
        var path = Path.Combine(dataDirectory, "keys.json");
        if (!File.Exists(path))
        {
            var keys = new Dictionary<string, Dictionary<string, string>>
            {
                ["Keys"] = new()
                {
                    ["AuditChainKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                    ["BlindIndexKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                },
            };
            LocalSecretFiles.TryCreate(path, JsonSerializer.SerializeToUtf8Bytes(keys));
        }

        LocalSecretFiles.RestrictToOwner(path);
        configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
    }

    /// <summary>
    /// The SQLite database file (and its journal files, if any) with mode 0600: created empty so before SQLite opens it, or
    /// narrowed if an earlier version left it wider. SQLite gives its -wal and -shm files the database file's mode.
    /// </summary>
    public static void SecureDatabaseFile(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var source = (builder.TryGetValue("Data Source", out var d) ? d : builder.TryGetValue("DataSource", out var e) ? e : null) as string;
        if (string.IsNullOrWhiteSpace(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)) return;
        // Relative to the working directory, as SQLite opens it.
        var path = Path.GetFullPath(source);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        LocalSecretFiles.CreateEmptyIfMissing(path);
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" }) LocalSecretFiles.RestrictToOwner(file);
    }

    /// <summary>
    /// Audit checkpoints are on by default, so the embedded default signs them too: a P-256 key in data/audit-checkpoint-key.pem
    /// (made on first run, mode 0600) and the files in data/audit-checkpoints, unless configured. Beside the database that
    /// detects a deleted tail of the log, not someone who can also write data/ (a demo, not production).
    /// </summary>
    private static void AddCheckpointKey(ConfigurationManager configuration, string dataDirectory)
    {
        if (string.Equals(configuration["Audit:CheckpointsEnabled"], "false", StringComparison.OrdinalIgnoreCase)) return;
        var settings = new Dictionary<string, string?>();
        if (string.IsNullOrWhiteSpace(configuration["Audit:CheckpointDirectory"]))
            settings["Audit:CheckpointDirectory"] = Path.Combine(dataDirectory, "audit-checkpoints");
        if (string.IsNullOrWhiteSpace(configuration["Audit:CheckpointSigningKey"]))
        {
            var path = Path.Combine(dataDirectory, "audit-checkpoint-key.pem");
            if (!File.Exists(path))
            {
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                LocalSecretFiles.TryCreate(path, System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
            }

            settings["Audit:CheckpointSigningKey"] = File.ReadAllText(path);
        }

        if (settings.Count > 0) configuration.AddInMemoryCollection(settings);
    }

    private static void AddKeyRingCertificate(ConfigurationManager configuration, string dataDirectory)
    {
        var options = configuration.GetSection(KeyRingProtectionOptions.Section).Get<KeyRingProtectionOptions>();
        if (options?.Certificate.IsConfigured == true) return;
        var password = LocalSecretFiles.LoadOrCreateCertificatePassword(dataDirectory);
        var path = KeyRingCertificates.EnsureLocal(dataDirectory, TimeProvider.System.GetUtcNow(), password);
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataProtection:Certificate:Path"] = path, ["DataProtection:Certificate:Password"] = password,
        });
    }
}
