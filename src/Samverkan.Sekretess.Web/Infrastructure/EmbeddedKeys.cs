using System.Security.Cryptography;
using System.Text.Json;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Web.Infrastructure;

/// <summary>
/// For the embedded default only: creates data/keys.json with fresh random keys on first run, so a
/// newcomer needs nothing but `dotnet run`. Production supplies Keys:* from a secret store instead;
/// the audit key must never live in the same database as the chain it protects.
/// Also the certificate that encrypts the Data Protection key ring (data/dataprotection-keyring.pfx), unless one is configured.
/// </summary>
internal static class EmbeddedKeys
{
    public static void AddTo(ConfigurationManager configuration, string dataDirectory)
    {
        AddKeyRingCertificate(configuration, dataDirectory);
        if (!string.IsNullOrEmpty(configuration["Keys:AuditChainKey"]) && !string.IsNullOrEmpty(configuration["Keys:BlindIndexKey"])) return;
        Directory.CreateDirectory(dataDirectory);
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
            File.WriteAllText(path, JsonSerializer.Serialize(keys));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
    }

    private static void AddKeyRingCertificate(ConfigurationManager configuration, string dataDirectory)
    {
        var options = configuration.GetSection(KeyRingProtectionOptions.Section).Get<KeyRingProtectionOptions>();
        if (options?.Certificate.IsConfigured == true) return;
        var path = KeyRingCertificates.EnsureLocal(dataDirectory, TimeProvider.System.GetUtcNow());
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:Certificate:Path"] = path });
    }
}
