using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// A signed statement "the audit chain had entry <see cref="Sequence"/> with hash <see cref="Hash"/> at
/// <see cref="CreatedAt"/>". Exported as a JSON file; verifiable with the public key alone.
/// </summary>
public sealed record AuditCheckpoint(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("policyVersion")] string? PolicyVersion,
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("signature")] string Signature)
{
    public const string Algorithm = "ECDSA-P256-SHA256";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The exact bytes that are signed. Versioned so the format can change without ambiguity.</summary>
    public static byte[] Payload(long sequence, string hash, DateTimeOffset createdAt, string? policyVersion, string keyId) =>
        Encoding.UTF8.GetBytes(string.Join('\n',
            "samverkan-audit-checkpoint/v1",
            Algorithm,
            sequence.ToString(CultureInfo.InvariantCulture),
            hash,
            createdAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            policyVersion ?? "",
            keyId));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static AuditCheckpoint FromJson(string json) =>
        JsonSerializer.Deserialize<AuditCheckpoint>(json, Json) ?? throw new FormatException("Empty checkpoint file.");

    public bool HasValidSignature(ECDsa publicKey)
    {
        if (!string.Equals(KeyId, KeyIdOf(publicKey), StringComparison.Ordinal)) return false;
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Signature);
        }
        catch (FormatException)
        {
            return false;
        }

        return publicKey.VerifyData(Payload(Sequence, Hash, CreatedAt, PolicyVersion, KeyId), signature, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>First 16 bytes (hex) of SHA-256 over the public key's SubjectPublicKeyInfo.</summary>
    public static string KeyIdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 16));
}

/// <summary>Result of checking the live chain against a checkpoint file.</summary>
public sealed record AuditCheckpointReport(bool IsValid, bool SignatureValid, long CheckpointSequence, long EntriesChecked, long? FirstBrokenSequence, string? Problem);
