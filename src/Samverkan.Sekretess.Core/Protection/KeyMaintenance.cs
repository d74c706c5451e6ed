using System.Globalization;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;

namespace Samverkan.Sekretess.Core.Protection;

/// <summary>
/// The key ring's nightly care, as the operator authority's system account through grants (JOB-AUD-001): check its
/// health (keyring.check, result "ok" or "problems:N"; problems notify the operator authority's administrators) and move
/// every ciphertext still under an older key to the current one (keyring.reencrypt, "done:N;left:M"). No key material and
/// no plaintext ever appear in a result, a log or an audit entry.
/// </summary>
public sealed class KeyMaintenance
{
    /// <summary>Batches (of 200 rows per kind) per grant: each grant's transaction stays bounded and its entry says what it moved.</summary>
    private const int BatchesPerGrant = 50;
    private const int MaxBatches = 10_000;
    private readonly AccessGateway _gateway;
    private readonly SystemActors _system;
    private readonly KeyRingHealth _health;
    private readonly FieldReEncryption _reEncryption;
    private readonly Notifier _notifier;

    internal KeyMaintenance(AccessGateway gateway, SystemActors system, KeyRingHealth health, FieldReEncryption reEncryption, Notifier notifier)
    {
        _gateway = gateway;
        _system = system;
        _health = health;
        _reEncryption = reEncryption;
        _notifier = notifier;
    }

    public async Task<KeyRingHealthReport> CheckHealthAsync(CancellationToken ct)
    {
        await using var grant = await AuthorizeAsync(Actions.KeyringCheck, ct);
        return await grant.WriteAsync(async () =>
        {
            var report = await _health.CheckAsync(ct);
            if (!report.Healthy)
            {
                var day = report.DefaultKeyId?.ToString() + ":" + DateOnly.FromDateTime(DateTime.UtcNow).ToString("O", CultureInfo.InvariantCulture);
                await _notifier.ToRoleAsync(grant.Actor.AuthorityId, Roles.Administrator, NotificationKinds.KeyRingProblem, null, null, "keyring.problem:" + day, ct);
            }

            grant.Draft = grant.Draft with { ResourceId = report.Healthy ? "ok" : "problems:" + report.Problems.Count.ToString(CultureInfo.InvariantCulture) };
            return report;
        }, ct);
    }

    /// <summary>
    /// Re-encrypts in grants of at most <see cref="BatchesPerGrant"/> batches, each with its own entry, until nothing moves:
    /// a run that stops halfway keeps what its finished grants moved, and the next run goes on (it never re-encrypts twice).
    /// </summary>
    public async Task<ReEncryptionResult> ReEncryptAsync(CancellationToken ct)
    {
        var moved = 0;
        for (var batches = 0; ; batches += BatchesPerGrant)
        {
            await using var grant = await AuthorizeAsync(Actions.KeyringReencrypt, ct);
            var result = await grant.WriteAsync(async () =>
            {
                var r = await _reEncryption.ReEncryptAsync(batchSize: 200, maxBatches: BatchesPerGrant, ct);
                grant.Draft = grant.Draft with
                {
                    ResourceId = "done:" + r.ReEncrypted.ToString(CultureInfo.InvariantCulture) + ";left:" + r.Remaining.ToString(CultureInfo.InvariantCulture),
                };
                return r;
            }, ct);
            moved += result.ReEncrypted;
            if (result.ReEncrypted == 0 || result.Remaining == 0 || batches + BatchesPerGrant >= MaxBatches) return result with { ReEncrypted = moved };
        }
    }

    private async Task<AccessGateway.Grant> AuthorizeAsync(PolicyAction action, CancellationToken ct) =>
        await _gateway.AuthorizeAsync(AccessRequest.Write(await _system.ForOperatorAsync(ct), action, new AccessTarget.OwnAuthority(ResourceTypes.KeyRing)), ct);
}
