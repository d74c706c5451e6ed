using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// The identities background jobs act as. A job acts for the authority whose record it touches (the sender of a
/// disclosure, the authority that documented a consent), as that authority's system account with role
/// <see cref="Roles.SystemJob"/>: so the gateway decides and audits a job exactly like a person, under rules that name
/// this role (policies/rules/system-jobs.policy.yaml). The account has no password and cannot sign in
/// (<see cref="SamverkanSignInManager"/>); it is created on first use, its creation is a security event.
/// </summary>
public sealed class SystemActors
{
    private readonly SekretessDbContext _db;
    private readonly UserManager<ApplicationUser> _users;
    private readonly SecurityEvents _events;
    private readonly TimeProvider _clock;
    private readonly string? _operatorAuthority;

    internal SystemActors(SekretessDbContext db, UserManager<ApplicationUser> users, SecurityEvents events, TimeProvider clock, IOptions<JobOptions> options)
    {
        _db = db;
        _users = users;
        _events = events;
        _clock = clock;
        _operatorAuthority = options.Value.OperatorAuthority;
    }

    /// <summary>The process context of the authority's system account (created if missing).</summary>
    public async Task<ProcessContext> ForAuthorityAsync(Guid authorityId, CancellationToken ct)
    {
        var existing = await FindAsync(authorityId, ct);
        if (existing is not null) return Context(existing);

        var code = await _db.Authorities.AsNoTracking().Where(a => a.Id == authorityId).Select(a => a.Code).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException("No such authority.");
        var user = new ApplicationUser
        {
            UserName = "systemjobb." + code, DisplayName = "Systemjobb", AuthorityId = authorityId, Role = Roles.SystemJob,
            Unit = "Systemjobb", AttributeSource = "system", AttributesVerifiedAt = _clock.GetUtcNow().UtcDateTime, LockoutEnabled = true,
        };
        var created = await _users.CreateAsync(user); // no password: it can never take the password step
        if (!created.Succeeded)
        {
            // Another job created it at the same moment (unique user name): use that one.
            existing = await FindAsync(authorityId, ct);
            return existing is not null ? Context(existing) : throw new InvalidOperationException("The system account could not be created.");
        }

        await _events.RecordAsync(null, SecurityActions.UserCreated, permitted: true, targetUserId: user.Id, ct: ct);
        return Context(user.Id);
    }

    /// <summary>
    /// The system account of the authority that runs system-wide checks (audit chain, key ring): Jobs:OperatorAuthority
    /// (an authority code) when set, else the first social-services authority by code, else the first authority.
    /// No such authority (an unknown code, an empty database) stops the job: nothing runs without an actor.
    /// </summary>
    public async Task<ProcessContext> ForOperatorAsync(CancellationToken ct)
    {
        var authorities = _db.Authorities.AsNoTracking();
        Guid? id = string.IsNullOrWhiteSpace(_operatorAuthority)
            ? await authorities.OrderBy(a => a.Kind == Authorities.AuthorityKinds.SocialServices ? 0 : 1).ThenBy(a => a.Code)
                .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct)
            : await authorities.Where(a => a.Code == _operatorAuthority).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct);
        return id is { } authorityId ? await ForAuthorityAsync(authorityId, ct)
            : throw new InvalidOperationException("No authority to run the system checks as (Jobs:OperatorAuthority).");
    }

    private Task<string?> FindAsync(Guid authorityId, CancellationToken ct) =>
        _db.Users.AsNoTracking().Where(u => u.AuthorityId == authorityId && u.Role == Roles.SystemJob && !u.Disabled)
            .OrderBy(u => u.UserName).Select(u => u.Id).FirstOrDefaultAsync(ct);

    private static ProcessContext Context(string userId) => new(userId, Purposes.SystemJob);
}
