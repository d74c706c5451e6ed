using Microsoft.AspNetCore.WebUtilities;

namespace Samverkan.Sekretess.Core.Protection;

/// <summary>
/// Reads the key id out of an ASP.NET Core Data Protection payload (base64url of: magic header 0x09F0C9F0, the 16-byte key
/// id, then the ciphertext). Needed to find ciphertexts that are still under an old key after a rotation; it decrypts nothing.
/// </summary>
internal static class ProtectedPayload
{
    /// <summary>The base64url text "CfDJ8" is the magic header; anything else was never protected by Data Protection.</summary>
    public const string MagicPrefix = "CfDJ8";

    /// <summary>26 base64url characters encode the 4-byte header and the first 15.5 bytes of the key id: equal for every payload of one key.</summary>
    public const int KeyPrefixLength = 26;

    public static bool IsProtected(string? value) => value is not null && value.StartsWith(MagicPrefix, StringComparison.Ordinal);

    public static Guid? KeyIdOf(string? value)
    {
        if (!IsProtected(value) || value!.Length < 28) return null;
        try
        {
            var bytes = WebEncoders.Base64UrlDecode(value, 0, 28);
            return new Guid(bytes.AsSpan(4, 16));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The text every payload under the same key starts with (for a LIKE 'prefix%' query).</summary>
    public static string KeyPrefixOf(string protectedValue) => protectedValue[..KeyPrefixLength];
}
