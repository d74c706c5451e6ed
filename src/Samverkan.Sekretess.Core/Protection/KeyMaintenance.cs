using System.Globalization;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;

namespace Samverkan.Sekretess.Core.Protection;

/// <summary>
/// The key ring's nightly care, as the operator authority's system account through the gateway (JOB-AUD-001):
/// check its health (keyring.check, result "ok" or "problems:N"; problems notify the operator authority's
/// administrators) and move every ciphertext still under an older key to the current one (keyring.reencrypt,
/// "done:N;left:M"). No key material and no plaintext ever appear in a result, a log or an audit entry.
/// </summary>
public sealed class KeyMaintenance
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly SystemActors _system;
    private readonly KeyRingHealth _health;
    private readonly FieldReEncryption _reEncryption;
    private readonly Notifier _notifier;

    internal KeyMaintenance(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, SystemActors system, KeyRingHealth health,
        FieldReEncryption reEncryption, Notifier notifier)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _system = system;
        _health = health;
        _reEncryption = reEncryption;
        _notifier = notifier;
    }

    public async Task<KeyRingHealthReport> CheckHealthAsync(CancellationToken ct)
    {
        var (context, actor, decision, draft) = await AuthorizeAsync("keyring.check", ct);
        var report = await _health.CheckAsync(ct);
        await using var tx = await _gateway.BeginAsync(ct);
        if (!report.Healthy)
        {
            var day = report.DefaultKeyId?.ToString() + ":" + DateOnly.FromDateTime(DateTime.UtcNow).ToString("O", CultureInfo.InvariantCulture);
            await _notifier.ToRoleAsync(actor.AuthorityId, Roles.Administrator, NotificationKinds.KeyRingProblem, null, null, "keyring.problem:" + day, ct);
            await _db.SaveChangesAsync(ct);
        }

        await _gateway.AuditPermitAsync(actor, context,
            draft with { ResourceId = report.Healthy ? "ok" : "problems:" + report.Problems.Count.ToString(CultureInfo.InvariantCulture) }, decision, ct);
        await tx.CommitAsync(ct);
        return report;
    }

    public async Task<ReEncryptionResult> ReEncryptAsync(CancellationToken ct)
    {
        var (context, actor, decision, draft) = await AuthorizeAsync("keyring.reencrypt", ct);
        var result = await _reEncryption.ReEncryptAsync(batchSize: 200, maxBatches: 10_000, ct);
        await using var tx = await _gateway.BeginAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft with
        {
            ResourceId = "done:" + result.ReEncrypted.ToString(CultureInfo.InvariantCulture) + ";left:" + result.Remaining.ToString(CultureInfo.InvariantCulture),
        }, decision, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    private async Task<(ProcessContext, Actor, Policy.Decision, AuditDraft)> AuthorizeAsync(string action, CancellationToken ct)
    {
        var context = await _system.ForOperatorAsync(ct);
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft(action, "key_ring", null, actor.IsKnown ? actor.AuthorityId : null);
        var decision = _gateway.Decide(_gateway.NewRequest(actor, context, action).Set("resource.type", "key_ring"));
        if (!decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);
        return (context, actor, decision, draft);
    }
}
