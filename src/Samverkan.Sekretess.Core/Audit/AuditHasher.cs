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
    private readonly byte[] _key = KeyOptions.Decode(keys.Value.AuditChainKey, nameof(KeyOptions.AuditChainKey));

    public string Compute(AuditEntry e)
    {
        // INVARIANT: every field that carries meaning is in the canonical form, in a fixed order,
        // separated by a character that cannot appear in ids, codes or hex (unit separator).
        var canonical = string.Join('\u001f',
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.OccurredAt.Ticks.ToString(CultureInfo.InvariantCulture),
            e.ActorUserId ?? "",
            e.ActorAuthorityId?.ToString() ?? "",
            e.ActorRole,
            e.Action,
            e.ResourceType,
            e.ResourceId ?? "",
            e.ResourceAuthorityId?.ToString() ?? "",
            e.CaseId?.ToString() ?? "",
            e.PersonId?.ToString() ?? "",
            e.ItemIds,
            e.Decision,
            e.RuleIds,
            e.LegalGround ?? "",
            e.Purpose ?? "",
            e.PolicyVersion,
            e.PreviousHash);
        return Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(canonical)));
    }
}
