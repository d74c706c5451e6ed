using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// Computes an entry's keyed hash over the previous entry's hash and the entry's canonical form.
/// The key comes from configuration, not the database, so whoever can write the table cannot forge a chain.
/// Two canonical forms exist; each entry stores which one its hash uses (<see cref="AuditEntry.HashVersion"/>), so
/// chains written before version 2 still verify and every new entry uses version 2:
/// <list type="bullet">
/// <item>1: fields joined with 0x1F. Ambiguous: a 0x1F inside a field (a request path can put one into ResourceId) lets
/// bytes move between neighbouring fields, and null and "" are the same.</item>
/// <item>2: a tag, then every field length-prefixed (a prefix-free encoding), null distinct from empty.</item>
/// </list>
/// </summary>
internal sealed class AuditHasher(IOptions<KeyOptions> keys)
{
    public const string GenesisHash = "GENESIS";
    /// <summary>The canonical form the writer uses for new entries.</summary>
    public const short CurrentVersion = 2;
    private const byte Separator = 0x1f; // version 1's unit separator
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

    /// <summary>True for a canonical form this code knows (every stored entry's, unless someone changed it).</summary>
    public static bool IsKnownVersion(short version) => version is 1 or 2;

    /// <summary>True when <paramref name="expectedHex"/> is the entry's hash; allocates nothing. False for an unknown version.</summary>
    public static bool Matches(IncrementalHash hmac, AuditEntry e, string expectedHex)
    {
        if (!IsKnownVersion(e.HashVersion)) return false;
        Span<byte> mac = stackalloc byte[32];
        Span<char> hex = stackalloc char[64];
        hmac.AppendData(Canonical(e));
        hmac.GetHashAndReset(mac);
        Convert.TryToHexString(mac, hex, out _);
        return hex.SequenceEqual(expectedHex);
    }

    /// <summary>
    /// The bytes the HMAC covers, in the entry's own version (valid until the thread's next call). Every field that carries
    /// meaning is in it, in a fixed order.
    /// </summary>
    internal static ReadOnlySpan<byte> Canonical(AuditEntry e) => e.HashVersion switch
    {
        1 => CanonicalV1(e),
        2 => CanonicalV2(e),
        _ => throw new InvalidOperationException($"Unknown audit hash version {e.HashVersion}."),
    };

    private static byte[] Buffer(int max) => _buffer is { } b && b.Length >= max ? b : _buffer = new byte[Math.Max(max, 4096)];

    private static int Len(string? s) => s?.Length ?? 0;

    private static int TextLength(AuditEntry e) => Len(e.ActorUserId) + Len(e.ActorRole) + Len(e.Action) + Len(e.ResourceType) + Len(e.ResourceId)
        + Len(e.ItemIds) + Len(e.Decision) + Len(e.RuleIds) + Len(e.LegalGround) + Len(e.Purpose) + Len(e.PolicyVersion) + Len(e.PreviousHash) + Len(e.Client);

    /// <summary>
    /// Version 2: the tag 0x00 0x02 (a version-1 form starts with a digit or '-', so the two never share bytes), then each
    /// field in a fixed order: numbers as 8 bytes big-endian; a Guid as 0x00 (null) or 0x01 and its 16 bytes; a string as
    /// -1 (null) or its UTF-8 length, 4 bytes big-endian, then the bytes. Every field's extent is known from its own first
    /// bytes, so two entries that differ in any field never share a form.
    /// </summary>
    private static ReadOnlySpan<byte> CanonicalV2(AuditEntry e)
    {
        var span = Buffer(2 + 2 * 8 + 5 * 17 + 14 * 4 + 3 * TextLength(e)).AsSpan();
        span[0] = 0x00;
        span[1] = 0x02;
        var n = 2;
        Int64(span, ref n, e.Sequence);
        Int64(span, ref n, e.OccurredAt.Ticks);
        Text(span, ref n, e.ActorUserId);
        Uuid(span, ref n, e.ActorAuthorityId);
        Text(span, ref n, e.ActorRole);
        Text(span, ref n, e.Action);
        Text(span, ref n, e.ResourceType);
        Text(span, ref n, e.ResourceId);
        Uuid(span, ref n, e.ResourceAuthorityId);
        Uuid(span, ref n, e.CaseId);
        Uuid(span, ref n, e.PersonId);
        Text(span, ref n, e.ItemIds);
        Text(span, ref n, e.Decision);
        Text(span, ref n, e.RuleIds);
        Text(span, ref n, e.LegalGround);
        Text(span, ref n, e.Purpose);
        Text(span, ref n, e.PolicyVersion);
        Text(span, ref n, e.PreviousHash);
        Text(span, ref n, e.Client);
        return span[..n];
    }

    private static void Int64(Span<byte> span, ref int n, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(span[n..], value);
        n += 8;
    }

    private static void Text(Span<byte> span, ref int n, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(span[n..], -1);
            n += 4;
            return;
        }

        var written = Encoding.UTF8.GetBytes(value, span[(n + 4)..]);
        BinaryPrimitives.WriteInt32BigEndian(span[n..], written);
        n += 4 + written;
    }

    private static void Uuid(Span<byte> span, ref int n, Guid? value)
    {
        if (value is { } g)
        {
            span[n++] = 0x01;
            g.TryWriteBytes(span[n..], bigEndian: true, out _);
            n += 16;
        }
        else
        {
            span[n++] = 0x00;
        }
    }

    /// <summary>
    /// Version 1 (entries written before version 2): fields separated by 0x1F. Byte-for-byte what string.Join('\u001f', …)
    /// encoded as UTF-8 gave: numbers invariant, Guids in "D" format, nulls as empty. Kept only so old chains verify.
    /// </summary>
    private static ReadOnlySpan<byte> CanonicalV1(AuditEntry e)
    {
        var span = Buffer(18 * 40 + 3 * TextLength(e)).AsSpan();
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
