using Samverkan.Sekretess.Core.Access;

namespace Samverkan.Sekretess.Core.Administration;

/// <summary>What the caller may do in the background-jobs dashboard.</summary>
public enum JobDashboardRight
{
    ReadOnly,
    Full,
}

/// <summary>
/// The door to the Hangfire dashboard: the policies decide (JOBS-M-001 administrator, JOBS-V-001 DPO read-only).
/// A deny is audited and throws (the web answers 404). Page loads are audited as permits; the dashboard's own
/// polling requests are decided but not each written to the log (<paramref name="audit"/> false).
/// </summary>
public sealed class JobDashboardAccess
{
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;

    internal JobDashboardAccess(AccessGateway gateway, AttributeResolver resolver)
    {
        _gateway = gateway;
        _resolver = resolver;
    }

    public async Task<JobDashboardRight> DecideAsync(ProcessContext context, string path, bool audit, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft("jobs.view", "job_dashboard", path, actor.IsKnown ? actor.AuthorityId : null);
        var manage = _gateway.Decide(Request(actor, context, "jobs.manage"));
        var decision = manage.IsPermit ? manage : _gateway.Decide(Request(actor, context, "jobs.view"));
        if (!decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);
        if (audit)
        {
            await using var tx = await _gateway.BeginAsync(ct);
            await _gateway.AuditPermitAsync(actor, context, draft with { Action = manage.IsPermit ? "jobs.manage" : "jobs.view" }, decision, ct);
            await tx.CommitAsync(ct);
        }

        return manage.IsPermit ? JobDashboardRight.Full : JobDashboardRight.ReadOnly;
    }

    private Policy.DecisionRequest Request(Actor actor, ProcessContext context, string action) =>
        _gateway.NewRequest(actor, context, action).Set("resource.type", "job_dashboard");
}
