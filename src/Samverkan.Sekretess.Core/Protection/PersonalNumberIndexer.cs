using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Samverkan.Sekretess.Core.Protection;

/// <summary>
/// Keyed blind index for personnummer lookups: equal numbers give equal indexes, but the index
/// cannot be reversed or brute-forced without the key, which is not in the database.
/// </summary>
internal sealed class PersonalNumberIndexer(IOptions<KeyOptions> keys)
{
    private readonly byte[] _key = KeyOptions.Decode(keys.Value.BlindIndexKey, nameof(KeyOptions.BlindIndexKey));

    public string Index(string normalizedTwelveDigits) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(normalizedTwelveDigits)));
}
