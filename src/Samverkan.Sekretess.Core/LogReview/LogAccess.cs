using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>
/// A permitted look into the log: whose entries (one authority; for a unit manager only the own unit's
/// users) and the decision that allowed it. Every query of the DPO workspace is filtered by <see cref="Apply"/>.
/// </summary>
internal sealed record LogScope(Actor Actor, string? Unit, IReadOnlyList<string> UnitUserIds, Decision Decision, AuditDraft Draft)
{
    public Guid AuthorityId => Actor.AuthorityId;

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        var authority = AuthorityId;
        if (Unit is null) return entries.Where(e => e.ActorAuthorityId == authority || e.ResourceAuthorityId == authority);
        var users = UnitUserIds;
        return entries.Where(e => e.ActorAuthorityId == authority && e.ActorUserId != null && users.Contains(e.ActorUserId));
    }
}

/// <summary>
/// The PEP step of every DPO-workspace operation: resolve the caller, ask the PDP for the audit.* action on the
/// caller's own authority's log (and own unit for an enhetschef), and on deny commit the deny entry and throw.
/// </summary>
internal sealed class LogAccess(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver)
{
    public async Task<LogScope> AuthorizeAsync(ProcessContext context, string action, CancellationToken ct,
        Guid? personId = null, Guid? caseId = null, string? resourceId = null)
    {
        var actor = await resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft(action, "audit_log", resourceId, actor.IsKnown ? actor.AuthorityId : null, caseId, personId);
        string? unit = null;
        if (actor.IsKnown && actor.Role == Roles.UnitManager)
            unit = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.Unit).FirstOrDefaultAsync(ct);

        var request = gateway.NewRequest(actor, context, action)
            .Set("resource.type", "audit_log")
            .Set("resource.ownerAuthorityId", actor.AuthorityId.ToString());
        if (!string.IsNullOrEmpty(unit)) request.Set("subject.unit", unit).Set("resource.unit", unit);
        var decision = gateway.Decide(request);
        if (!decision.IsPermit) throw await gateway.DenyAsync(actor, context, draft, decision, ct);

        IReadOnlyList<string> unitUsers = [];
        if (unit is not null)
        {
            var authority = actor.AuthorityId;
            unitUsers = await db.Users.AsNoTracking().Where(u => u.AuthorityId == authority && u.Unit == unit).Select(u => u.Id).ToListAsync(ct);
        }

        return new LogScope(actor, unit, unitUsers, decision, draft);
    }

    public PolicySet Policies => gateway.Policies;

    /// <summary>Asks without auditing (menus only).</summary>
    public async Task<bool> WouldAsync(ProcessContext context, string action, CancellationToken ct)
    {
        var actor = await resolver.ResolveActorAsync(context, ct);
        if (!actor.IsKnown) return false;
        var request = gateway.NewRequest(actor, context, action).Set("resource.type", "audit_log")
            .Set("resource.ownerAuthorityId", actor.AuthorityId.ToString());
        if (actor.Role == Roles.UnitManager)
        {
            var unit = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => u.Unit).FirstOrDefaultAsync(ct);
            if (!string.IsNullOrEmpty(unit)) request.Set("subject.unit", unit).Set("resource.unit", unit);
        }

        return gateway.Decide(request).IsPermit;
    }

    public Task AuditReadAsync(LogScope scope, ProcessContext context, AuditDraft draft, CancellationToken ct) =>
        gateway.AuditReadAsync(scope.Actor, context, draft, scope.Decision, ct);

    /// <summary>Commits the permit entry on its own before anything leaves (exports, released reports).</summary>
    public async Task AuditNowAsync(LogScope scope, ProcessContext context, AuditDraft draft, CancellationToken ct)
    {
        await using var tx = await gateway.BeginAsync(ct);
        await gateway.AuditPermitAsync(scope.Actor, context, draft, scope.Decision, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A permitted scope that met a resource outside it (another authority's round or report): commit a deny, return the 404.</summary>
    public Task<AccessDeniedException> DenyAsync(LogScope scope, ProcessContext context, CancellationToken ct) =>
        gateway.DenyAsync(scope.Actor, context, scope.Draft, null, ct);

    public Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginAsync(CancellationToken ct) => gateway.BeginAsync(ct);

    public Task AuditInTransactionAsync(LogScope scope, ProcessContext context, AuditDraft draft, CancellationToken ct) =>
        gateway.AuditPermitAsync(scope.Actor, context, draft, scope.Decision, ct);
}
