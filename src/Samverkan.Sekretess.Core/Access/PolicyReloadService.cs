using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Policy.Reloading;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// Watches the policy folder (when <c>Policies:WatchForChanges</c> is on) and reloads after edits settle.
/// Every attempt is an audit entry: "permit" when the new set is in force, "deny" when it was refused and
/// the old set stays, with the active policy version either way.
/// </summary>
internal sealed class PolicyReloadService(PolicyProvider policies, IServiceScopeFactory scopes, IOptions<PolicyOptions> options) : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WatchForChanges) return;
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(policies.Directory) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        watcher.Deleted += (_, _) => changed.Release();
        watcher.Renamed += (_, _) => changed.Release();
        while (!stoppingToken.IsCancellationRequested)
        {
            await changed.WaitAsync(stoppingToken);
            // Editors write in several steps: wait until the folder has been quiet for a moment.
            while (await changed.WaitAsync(Settle, stoppingToken)) { }
            await ReloadAndAuditAsync(stoppingToken);
        }
    }

    public async Task<ReloadResult> ReloadAndAuditAsync(CancellationToken ct)
    {
        var result = policies.Reload();
        if (result.Outcome == ReloadOutcome.Unchanged) return result;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await audit.AppendAsync(db, new AuditEntry
        {
            ActorRole = "system", Action = "policy.reload", ResourceType = "policy_set", ResourceId = result.ActiveVersion[..Math.Min(64, result.ActiveVersion.Length)],
            Decision = result.Outcome == ReloadOutcome.Swapped ? "permit" : "deny", PolicyVersion = result.ActiveVersion,
        }, ct);
        await tx.CommitAsync(ct);
        return result;
    }
}
