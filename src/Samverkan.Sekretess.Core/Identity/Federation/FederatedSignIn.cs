using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Identity.Federation;

/// <summary>What an external identity provider asserted about a person (after Web validated its tokens).</summary>
/// <param name="Provider">The provider's configuration name.</param>
/// <param name="Subject">The provider's stable, unique id for the person (<c>sub</c>).</param>
/// <param name="DisplayName">The person's name as the provider gives it (shown to colleagues, like a local user's).</param>
/// <param name="Claims">Every claim the provider asserted; the administrators' mappings are matched against them.</param>
public sealed record FederatedIdentity(string Provider, string Subject, string DisplayName, IReadOnlyList<KeyValuePair<string, string>> Claims);

/// <summary>The local user the federated person signs in as, or why not (a code for the log and the login page, no personal data).</summary>
public sealed record FederatedSignInResult(string? UserId, string? Refusal)
{
    public bool Succeeded => UserId is not null;
}

/// <summary>
/// Federated sign-in: maps an external person to a local user whose authority, role and unit come only from the
/// administrators' <see cref="FederationMapping"/> rules, re-evaluated at every sign-in. The attribute source (provider
/// and rule) and time are recorded on the user (provenance); creation, changes and refusals are audited.
/// </summary>
public sealed class FederatedSignIn
{
    public const string LoginProviderPrefix = "federation:";

    private readonly SekretessDbContext _db;
    private readonly UserManager<ApplicationUser> _users;
    private readonly SecurityEvents _events;
    private readonly TimeProvider _clock;

    internal FederatedSignIn(SekretessDbContext db, UserManager<ApplicationUser> users, SecurityEvents events, TimeProvider clock)
    {
        _db = db;
        _users = users;
        _events = events;
        _clock = clock;
    }

    public async Task<FederatedSignInResult> ResolveAsync(FederatedIdentity identity, CancellationToken ct)
    {
        var loginProvider = LoginProviderPrefix + identity.Provider;
        var user = string.IsNullOrWhiteSpace(identity.Subject) ? null : await _users.FindByLoginAsync(loginProvider, identity.Subject);
        if (string.IsNullOrWhiteSpace(identity.Subject)) return await RefuseAsync(null, "no-subject", ct);

        var mappings = await _db.FederationMappings.AsNoTracking().Where(m => m.Provider == identity.Provider).ToListAsync(ct);
        var matches = mappings.Where(m => identity.Claims.Any(c => c.Key == m.ClaimType && c.Value == m.ClaimValue)).ToList();
        var targets = matches.Select(m => (m.AuthorityId, m.Role, m.Unit)).Distinct().ToList();
        // Fail closed: no rule, or rules that disagree, give no access (and change nothing on an existing user).
        if (targets.Count == 0) return await RefuseAsync(user?.Id, "no-mapping", ct);
        if (targets.Count > 1) return await RefuseAsync(user?.Id, "ambiguous-mapping", ct);
        var rule = matches.OrderBy(m => m.CreatedAt).First();
        var now = _clock.GetUtcNow().UtcDateTime;
        var source = $"{loginProvider}:mapping:{rule.Id}";

        if (user is null)
        {
            user = new ApplicationUser
            {
                UserName = "fed-" + identity.Provider + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.Subject)))[..16],
                DisplayName = Truncate(identity.DisplayName.Length > 0 ? identity.DisplayName : "Federerad användare", 200),
                AuthorityId = rule.AuthorityId, Role = rule.Role, Unit = rule.Unit, AttributeSource = source, AttributesVerifiedAt = now,
                EmailConfirmed = true, LockoutEnabled = true,
            };
            var created = await _users.CreateAsync(user);
            if (created.Succeeded) created = await _users.AddLoginAsync(user, new UserLoginInfo(loginProvider, identity.Subject, identity.Provider));
            if (!created.Succeeded) return await RefuseAsync(null, "provisioning-failed", ct);
            await _events.RecordAsync(null, SecurityActions.UserCreated, permitted: true, targetUserId: user.Id, ct: ct);
        }
        else
        {
            if (user.Disabled || Roles.IsSystem(user.Role)) return await RefuseAsync(user.Id, "disabled", ct);
            // A locked account is refused here, before anything is recorded as permitted or changed, so the log shows
            // the refusal (the web endpoint checks again before it signs in, and would otherwise leave no entry).
            if (await _users.IsLockedOutAsync(user)) return await RefuseAsync(user.Id, "locked-out", ct);
            var changed = user.AuthorityId != rule.AuthorityId || user.Role != rule.Role || user.Unit != rule.Unit;
            user.AuthorityId = rule.AuthorityId;
            user.Role = rule.Role;
            user.Unit = rule.Unit;
            user.AttributeSource = source;
            user.AttributesVerifiedAt = now;
            var updated = await _users.UpdateAsync(user);
            if (updated.Succeeded && changed) updated = await _users.UpdateSecurityStampAsync(user);
            if (!updated.Succeeded) return await RefuseAsync(user.Id, "update-failed", ct);
            if (changed) await _events.RecordAsync(null, SecurityActions.AttributesChanged, permitted: true, targetUserId: user.Id, ct: ct);
        }

        await _events.RecordAsync(user.Id, SecurityActions.FederatedSignIn, permitted: true, ct: ct);
        return new FederatedSignInResult(user.Id, null);
    }

    private async Task<FederatedSignInResult> RefuseAsync(string? userId, string reason, CancellationToken ct)
    {
        await _events.RecordAsync(userId, SecurityActions.FederatedSignIn, permitted: false, ct: ct);
        return new FederatedSignInResult(null, reason);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
