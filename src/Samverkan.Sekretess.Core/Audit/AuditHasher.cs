using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// Computes an entry's keyed hash over the previous entry's hash and the entry's canonical form.
/// The key comes from configuration, not the database, so whoever can write the table cannot forge a chain.
/// </summary>
internal sealed class AuditHasher(IOptions<KeyOptions> keys)
{
    public const string GenesisHash = "GENESIS";
    private const byte Separator = 0x1f; // unit separator: cannot appear in ids, codes or hex
    private readonly byte[] _key = KeyOptions.Decode(keys.Value.AuditChainKey, nameof(KeyOptions.AuditChainKey));

    [ThreadStatic] private static byte[]? _buffer;

    public string Compute(AuditEntry e)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Canonical(e), mac);
        return Convert.ToHexString(mac);
    }

    /// <summary>An HMAC instance for one thread's streaming work (the verifier): no per-entry key setup.</summary>
    public IncrementalHash CreateIncremental() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);

    /// <summary>True when <paramref name="expectedHex"/> is the entry's hash; allocates nothing.</summary>
    public static bool Matches(IncrementalHash hmac, AuditEntry e, string expectedHex)
    {
        Span<byte> mac = stackalloc byte[32];
        Span<char> hex = stackalloc char[64];
        hmac.AppendData(Canonical(e));
        hmac.GetHashAndReset(mac);
        Convert.TryToHexString(mac, hex, out _);
        return hex.SequenceEqual(expectedHex);
    }

    /// <summary>
    /// INVARIANT: every field that carries meaning is in the canonical form, in a fixed order,
    /// separated by 0x1F. Byte-for-byte what string.Join('\u001f', …) encoded as UTF-8 gave before:
    /// numbers invariant, Guids in "D" format, nulls as empty.
    /// </summary>
    private static ReadOnlySpan<byte> Canonical(AuditEntry e)
    {
        var max = 18 * 40 + 3 * (Len(e.ActorUserId) + Len(e.ActorRole) + Len(e.Action) + Len(e.ResourceType) + Len(e.ResourceId)
            + Len(e.ItemIds) + Len(e.Decision) + Len(e.RuleIds) + Len(e.LegalGround) + Len(e.Purpose) + Len(e.PolicyVersion) + Len(e.PreviousHash) + Len(e.Client));
        var buffer = _buffer is { } b && b.Length >= max ? b : _buffer = new byte[Math.Max(max, 4096)];
        var span = buffer.AsSpan();
        var n = 0;
        Long(span, ref n, e.Sequence);
        Long(span, ref n, e.OccurredAt.Ticks);
        Str(span, ref n, e.ActorUserId);
        Id(span, ref n, e.ActorAuthorityId);
        Str(span, ref n, e.ActorRole);
        Str(span, ref n, e.Action);
        Str(span, ref n, e.ResourceType);
        Str(span, ref n, e.ResourceId);
        Id(span, ref n, e.ResourceAuthorityId);
        Id(span, ref n, e.CaseId);
        Id(span, ref n, e.PersonId);
        Str(span, ref n, e.ItemIds);
        Str(span, ref n, e.Decision);
        Str(span, ref n, e.RuleIds);
        Str(span, ref n, e.LegalGround);
        Str(span, ref n, e.Purpose);
        Str(span, ref n, e.PolicyVersion);
        Str(span, ref n, e.PreviousHash);
        // Client info came later: appended only when present, so every entry written before it hashes as it did.
        // Unambiguous, because the previous hash (hex or GENESIS) never contains the separator.
        if (!string.IsNullOrEmpty(e.Client)) Str(span, ref n, e.Client);
        return span[..(n - 1)]; // no separator after the last field
    }

    private static int Len(string? s) => s?.Length ?? 0;

    private static void Long(Span<byte> span, ref int n, long value)
    {
        value.TryFormat(span[n..], out var written, default, CultureInfo.InvariantCulture);
        n += written;
        span[n++] = Separator;
    }

    private static void Str(Span<byte> span, ref int n, string? value)
    {
        if (!string.IsNullOrEmpty(value)) n += Encoding.UTF8.GetBytes(value, span[n..]);
        span[n++] = Separator;
    }

    private static void Id(Span<byte> span, ref int n, Guid? value)
    {
        if (value is { } g)
        {
            g.TryFormat(span[n..], out var written);
            n += written;
        }

        span[n++] = Separator;
    }
}
