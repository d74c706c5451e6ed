using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>
/// Whose entries a permitted look into the log covers, from the grant's facts: the caller's own authority, and for an
/// enhetschef only the own unit's users (the PIP resolved the unit with the decision). Every query of the DPO workspace
/// is filtered by <see cref="Apply"/>; deciding, denying and auditing are the grant's.
/// </summary>
internal sealed record LogScope(Guid AuthorityId, string? Unit, IReadOnlyList<string> UnitUserIds)
{
    /// <summary>The caller's own authority's log as the target of an audit.* action; the ids name what the entry is about.</summary>
    public static AccessTarget.OwnAuthority Target(string? resourceId = null, Guid? caseId = null, Guid? personId = null) =>
        new(ResourceTypes.AuditLog, resourceId, caseId, personId);

    public static LogScope Of(AccessGateway.Grant grant)
    {
        var unit = grant.Facts.Unit;
        // INVARIANT: a unit manager sees the own unit's users only; one without a unit (none resolved) sees no one's entries.
        return grant.Actor.Role == Roles.UnitManager
            ? new LogScope(grant.Actor.AuthorityId, unit?.Name ?? "", unit?.UserIds ?? [])
            : new LogScope(grant.Actor.AuthorityId, null, []);
    }

    /// <summary>Whether a further audit.* action on the same log would be permitted: what the page offers, never audited.</summary>
    public static bool Would(AccessGateway.Grant grant, PolicyAction action) =>
        grant.Would(action, r => r.DescribeTarget(Target(), grant.Facts), ObligationProfile.Read);

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        var authority = AuthorityId;
        if (Unit is null) return entries.Where(e => e.ActorAuthorityId == authority || e.ResourceAuthorityId == authority);
        var users = UnitUserIds;
        return entries.Where(e => e.ActorAuthorityId == authority && e.ActorUserId != null && users.Contains(e.ActorUserId));
    }
}
