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
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AdminKeysRead, new AccessTarget.OwnAuthority(ResourceTypes.KeyRing)), ct);
        return await grant.ReadAsync(async () => new KeyStatus(_keys.CurrentKeyId, await _keys.CountRemainingAsync(ct)), ct);
    }

    /// <summary>
    /// Optionally makes a new key the default, then re-encrypts everything not under the current key. The grant's entry
    /// commits once the new key is the default; the re-encryption then runs in many short statements outside any one
    /// transaction (editors are never blocked behind it), and its outcome is a security event of its own.
    /// </summary>
    public async Task<ReEncryptionResult> RotateAndReEncryptAsync(ProcessContext context, bool rotate, CancellationToken ct)
    {
        var action = rotate ? Actions.AdminKeysRotate : Actions.AdminKeysReencrypt;
        string userId;
        await using (var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, action, new AccessTarget.OwnAuthority(ResourceTypes.KeyRing)), ct))
        {
            userId = grant.Actor.UserId;
            await grant.WriteAsync(async () =>
            {
                if (rotate) await _keys.RotateKeyAsync(ct);
            }, ct);
        }

        var result = await _keys.ReEncryptAsync(batchSize: 200, maxBatches: 10_000, ct);
        await _events.RecordAsync(userId, SecurityActions.ReEncrypted, permitted: result.Remaining == 0, ct: ct);
        return result;
    }
}
