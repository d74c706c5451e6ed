using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Administration;

/// <summary>The encryption key for fields and second-factor secrets, as the administrator sees it: no key material.</summary>
public sealed record KeyStatus(Guid CurrentKeyId, int CiphertextsUnderOtherKeys);

/// <summary>Key rotation and re-encryption, triggered by an administrator (a scheduled job uses <see cref="FieldReEncryption"/> directly).</summary>
public sealed partial class UserAdministration
{
    public async Task<KeyStatus> GetKeyStatusAsync(ProcessContext context, CancellationToken ct)
    {
        var actor = await RequireAdministratorAsync(context, ct);
        var status = new KeyStatus(_keys.CurrentKeyId, await _keys.CountRemainingAsync(ct));
        await _events.RecordAsync(actor.UserId, SecurityActions.AdminAccess, permitted: true, ct: ct);
        return status;
    }

    /// <summary>Optionally makes a new key the default, then re-encrypts everything not under the current key. Both audited.</summary>
    public async Task<ReEncryptionResult> RotateAndReEncryptAsync(ProcessContext context, bool rotate, CancellationToken ct)
    {
        var actor = await RequireAdministratorAsync(context, ct);
        if (rotate)
        {
            await _keys.RotateKeyAsync(ct);
            await _events.RecordAsync(actor.UserId, SecurityActions.KeyRotated, permitted: true, ct: ct);
        }

        var result = await _keys.ReEncryptAsync(batchSize: 200, maxBatches: 10_000, ct);
        await _events.RecordAsync(actor.UserId, SecurityActions.ReEncrypted, permitted: result.Remaining == 0, ct: ct);
        return result;
    }
}
