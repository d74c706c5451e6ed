using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>
/// Keyed hashes of surnames and addresses (HMAC-SHA256 with the blind-index key, in their own "link:" domain) so the
/// personal-link rule compares hashes, never names: nothing is decrypted in bulk and nothing readable reaches a log.
/// </summary>
internal sealed class LinkIndex(IOptions<KeyOptions> keys)
{
    public const string Surname = "surname";
    public const string Address = "address";
    public const string PersonOwner = "person";
    public const string UserOwner = "user";
    private readonly byte[] _key = KeyOptions.Decode(keys.Value.BlindIndexKey, nameof(KeyOptions.BlindIndexKey));

    public string Hash(string kind, string value) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("link:" + kind + ":" + Normalize(value))));

    /// <summary>The last word of a name, without a trailing "(role)" as in demo display names.</summary>
    public static string? SurnameOf(string? fullName)
    {
        if (string.IsNullOrWhiteSpace(fullName)) return null;
        var name = fullName;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0) name = name[..paren];
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 0 ? null : parts[^1];
    }

    private static string Normalize(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var ch in value.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(ch)) sb.Append(ch);
            else if (char.IsWhiteSpace(ch) && sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>Records (or replaces) one hash; the plain value is used for the HMAC only and never stored.</summary>
    public async Task SetAsync(SekretessDbContext db, string ownerType, string ownerId, string kind, string plainValue, CancellationToken ct)
    {
        var hash = Hash(kind, plainValue);
        var existing = await db.LinkHashes.FirstOrDefaultAsync(h => h.OwnerType == ownerType && h.OwnerId == ownerId && h.Kind == kind, ct);
        if (existing is null) db.LinkHashes.Add(new LinkHash { OwnerType = ownerType, OwnerId = ownerId, Kind = kind, Hash = hash });
        else existing.Hash = hash;
        await db.SaveChangesAsync(ct);
    }
}
