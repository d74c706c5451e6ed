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

    internal JobDashboardAccess(AccessGateway gateway) => _gateway = gateway;

    public async Task<JobDashboardRight> DecideAsync(ProcessContext context, string path, bool audit, CancellationToken ct)
    {
        var target = new AccessTarget.OwnAuthority(ResourceTypes.JobDashboard, path);
        // Full rights if jobs.manage would be permitted (only what to grant; the grant below decides again and is the entry).
        var manage = await _gateway.WouldAsync(AccessRequest.Read(context, Actions.JobsManage, target), ct);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, manage ? Actions.JobsManage : Actions.JobsView, target), ct);
        if (audit) await grant.ReadAsync(() => Task.FromResult(true), ct);
        return manage ? JobDashboardRight.Full : JobDashboardRight.ReadOnly;
    }
}
