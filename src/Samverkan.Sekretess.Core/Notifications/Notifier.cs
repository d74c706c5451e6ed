using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Notifications;

/// <summary>
/// Adds notifications inside the caller's transaction, so a notice exists exactly when the event it announces does.
/// Ids and a kind only; a dedup key keeps retried or doubled work from notifying twice.
/// </summary>
internal sealed class Notifier(SekretessDbContext db, TimeProvider clock)
{
    public async Task ToAuthorityAsync(Guid authorityId, string kind, Guid? caseId, Guid? relatedId, string dedupKey, CancellationToken ct)
    {
        if (await ExistsAsync(dedupKey, ct)) return;
        db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(), RecipientAuthorityId = authorityId, Kind = kind, CaseId = caseId, RelatedId = relatedId,
            CreatedAt = clock.GetUtcNow().UtcDateTime, DedupKey = dedupKey,
        });
    }

    /// <summary>
    /// Already stored, or already added in this unit of work (one read under nödåtkomst can owe the same notice for several
    /// items; the database alone does not know it yet). A concurrent request adding the same notice is handled when the
    /// grant saves (<see cref="Access.AccessGateway.Grant"/>): the unique key keeps one.
    /// </summary>
    private async Task<bool> ExistsAsync(string dedupKey, CancellationToken ct) =>
        db.Notifications.Local.Any(n => n.DedupKey == dedupKey) || await db.Notifications.AnyAsync(n => n.DedupKey == dedupKey, ct);

    /// <summary>One notice to every data-protection officer of the authority (alerts on protected identity, break-the-glass).</summary>
    public Task ToDpoAsync(Guid authorityId, string kind, Guid? caseId, Guid? relatedId, string dedupKey, CancellationToken ct) =>
        ToRoleAsync(authorityId, Roles.DataProtectionOfficer, kind, caseId, relatedId, dedupKey, ct);

    /// <summary>One notice to every enabled user with the role in the authority (e.g. the administrators on a key-ring problem).</summary>
    public async Task ToRoleAsync(Guid authorityId, string role, string kind, Guid? caseId, Guid? relatedId, string dedupKey, CancellationToken ct)
    {
        var dpos = await db.Users.AsNoTracking().Where(u => u.AuthorityId == authorityId && u.Role == role && !u.Disabled)
            .Select(u => u.Id).ToListAsync(ct);
        foreach (var dpo in dpos)
        {
            var key = $"{dedupKey}:{dpo}";
            if (await ExistsAsync(key, ct)) continue;
            db.Notifications.Add(new Notification
            {
                Id = Guid.NewGuid(), RecipientAuthorityId = authorityId, RecipientUserId = dpo, Kind = kind, CaseId = caseId, RelatedId = relatedId,
                CreatedAt = clock.GetUtcNow().UtcDateTime, DedupKey = key,
            });
        }
    }
}
