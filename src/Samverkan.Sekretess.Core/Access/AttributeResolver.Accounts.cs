using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>The administration targets: user accounts and federation rules, by the authority and role they give.</summary>
internal sealed partial class AttributeResolver
{
    /// <summary>A user's authority and role (disabled users too: an administrator enables them); null for an unknown id.</summary>
    public async Task<AccountAttributes?> ResolveAccountAsync(string userId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > 128) return null;
        return await (from u in db.Users.AsNoTracking()
                      join a in db.Authorities.AsNoTracking() on u.AuthorityId equals a.Id
                      where u.Id == userId
                      select new AccountAttributes(u.Id, u.AuthorityId, a.Kind, u.Role)).FirstOrDefaultAsync(ct);
    }

    /// <summary>An account about to be given in an existing authority with a known role (a person's or a system role: the rules refuse the latter).</summary>
    private async Task<AccountAttributes?> ResolveNewAccountAsync(AccessTarget.NewAccountIn t, CancellationToken ct)
    {
        if (t.Type is not (ResourceTypes.UserAccount or ResourceTypes.FederationMapping)) return null;
        if (!Roles.All.Contains(t.Role) && !Roles.IsSystem(t.Role)) return null;
        var kind = await db.Authorities.AsNoTracking().Where(a => a.Id == t.AuthorityId).Select(a => a.Kind).FirstOrDefaultAsync(ct);
        return kind is null ? null : new AccountAttributes(null, t.AuthorityId, kind, t.Role);
    }

    /// <summary>A federation rule as the accounts it gives: its authority and role.</summary>
    private async Task<AccountAttributes?> ResolveFederationMappingAsync(Guid mappingId, CancellationToken ct)
    {
        var m = await (from x in db.FederationMappings.AsNoTracking()
                       join a in db.Authorities.AsNoTracking() on x.AuthorityId equals a.Id
                       where x.Id == mappingId
                       select new { x.AuthorityId, a.Kind, x.Role }).FirstOrDefaultAsync(ct);
        return m is null ? null : new AccountAttributes(mappingId.ToString(), m.AuthorityId, m.Kind, m.Role);
    }
}
