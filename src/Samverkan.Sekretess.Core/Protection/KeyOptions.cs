namespace Samverkan.Sekretess.Core.Protection;

/// <summary>
/// Secrets that must live outside the database: the audit chain's HMAC key and the blind-index key.
/// Bound from configuration section "Keys" (base64, at least 32 bytes each). Missing keys stop the app.
/// </summary>
public sealed class KeyOptions
{
    public const string Section = "Keys";
    public string AuditChainKey { get; set; } = "";
    public string BlindIndexKey { get; set; } = "";

    internal static byte[] Decode(string base64, string name)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"Keys:{name} is not valid base64.");
        }

        return bytes.Length >= 32 ? bytes : throw new InvalidOperationException($"Keys:{name} must be at least 32 bytes.");
    }
}
