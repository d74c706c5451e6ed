using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits), the variant every authenticator app implements.</summary>
internal static class Totp
{
    public const int StepSeconds = 30;

    public static long TimeStep(DateTimeOffset now) => now.ToUnixTimeSeconds() / StepSeconds;

    public static int Compute(byte[] key, long timeStep)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238 / authenticator apps use HMAC-SHA1; HMAC-SHA1 is not broken for this use.
        HMACSHA1.HashData(key, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return binary % 1_000_000;
    }

    /// <summary>Decodes an RFC 4648 base32 key (case-insensitive; spaces and padding ignored). Null when malformed.</summary>
    public static byte[]? DecodeBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var raw in text)
        {
            if (raw is ' ' or '=' or '-') continue;
            var index = alphabet.IndexOf(char.ToUpperInvariant(raw), StringComparison.Ordinal);
            if (index < 0) return null;
            buffer = (buffer << 5) | index;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return output.Count == 0 ? null : output.ToArray();
    }
}
