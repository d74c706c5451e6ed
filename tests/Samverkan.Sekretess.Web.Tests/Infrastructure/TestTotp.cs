using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Samverkan.Sekretess.Core.Seeding;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>
/// RFC 6238 codes for tests, computed independently of the app's own implementation. The server refuses
/// a code from a time step at or before the last one it accepted for that user (replay protection), so
/// <see cref="NextCode"/> hands out each step once per server and user, waiting for the next step if needed.
/// </summary>
public static class TestTotp
{
    /// <summary>The drift (in 30-second steps) that <see cref="AppServer"/> configures for test hosts.</summary>
    public const int TestDrift = 3;

    private static readonly ConcurrentDictionary<string, long> LastStep = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    public static long CurrentStep => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;

    /// <summary>The six-digit code for <paramref name="base32Secret"/> at <paramref name="step"/>.</summary>
    public static string Code(string base32Secret, long step)
    {
        var key = Base32(base32Secret);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 is HMAC-SHA1
        var hash = HMACSHA1.HashData(key, counter.ToArray());
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>A fresh (never handed out) code for this user on this server.</summary>
    public static string NextCode(string baseUrl, string userName, string base32Secret = DemoPersonas.TotpSecret)
    {
        long step;
        lock (Gate)
        {
            var key = baseUrl + "|" + userName;
            var now = CurrentStep;
            step = Math.Max(now - TestDrift + 1, LastStep.GetValueOrDefault(key, long.MinValue) + 1);
            LastStep[key] = step;
        }

        // Beyond the accepted window: wait until the server's clock reaches it.
        while (step > CurrentStep + TestDrift - 1) Thread.Sleep(500);
        return Code(base32Secret, step);
    }

    /// <summary>Marks a step as used (for a test that spent a code on its own).</summary>
    public static void MarkUsed(string baseUrl, string userName, long step)
    {
        lock (Gate)
        {
            var key = baseUrl + "|" + userName;
            LastStep[key] = Math.Max(step, LastStep.GetValueOrDefault(key, long.MinValue));
        }
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant().Where(c => c is not (' ' or '=')))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits < 8) continue;
            bits -= 8;
            bytes.Add((byte)(buffer >> bits));
            buffer &= (1 << bits) - 1;
        }

        return bytes.ToArray();
    }
}
