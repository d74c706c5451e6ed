using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Data;
using OpenIddict.Abstractions;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Identity.Clients;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Administration;

/// <summary>A user as the administrator sees it: account data only, never case content.</summary>
public sealed record UserAccountView(string Id, string UserName, string DisplayName, Guid AuthorityId, string AuthorityName,
    string Role, string Unit, bool Disabled, bool MfaEnrolled, bool LockedOut);

/// <summary>A registered API client (OpenIddict:Clients): no secret, and for a system integration the authority it acts for.</summary>
public sealed record ApiClientView(string ClientId, string DisplayName, bool Confidential, IReadOnlyList<string> GrantTypes,
    string? SystemUserId, string? AuthorityName, bool SystemActorDisabled);

public sealed record AdministrationOverview(IReadOnlyList<AuthorityView> Authorities, IReadOnlyList<UserAccountView> Users, IReadOnlyList<ApiClientView> ApiClients);

public sealed record NewUserCommand(string UserName, string DisplayName, Guid AuthorityId, string Role, string Unit, string InitialPassword);

/// <summary>The outcome of a create: the new user's id, or Swedish messages for the form.</summary>
public sealed record AdministrationResult(string? UserId, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Administration of authorities' users (systemförvaltare only, with a completed second factor).
/// The caller is resolved fresh from the database for every call; anyone else gets
/// <see cref="AccessDeniedException"/> (a 404 in Web) after a committed deny entry. Every read and
/// change is an audit entry. Nothing here touches case content.
/// </summary>
public sealed partial class UserAdministration
{
    private readonly SekretessDbContext _db;
    private readonly AttributeResolver _attributes;
    private readonly UserManager<ApplicationUser> _users;
    private readonly SecurityEvents _events;
    private readonly TimeProvider _clock;
    private readonly IOpenIddictApplicationManager _applications;
    private readonly FieldReEncryption _keys;

    internal UserAdministration(SekretessDbContext db, AttributeResolver attributes, UserManager<ApplicationUser> users,
        SecurityEvents events, TimeProvider clock, IOpenIddictApplicationManager applications, FieldReEncryption keys)
    {
        _applications = applications;
        _keys = keys;
        _db = db;
        _attributes = attributes;
        _users = users;
        _events = events;
        _clock = clock;
    }

    public async Task<AdministrationOverview> GetOverviewAsync(ProcessContext context, CancellationToken ct)
    {
        var actor = await RequireAdministratorAsync(context, ct);
        var now = _clock.GetUtcNow();
        var authorities = await _db.Authorities.AsNoTracking().OrderBy(a => a.Name).Select(a => new AuthorityView(a.Id, a.Code, a.Name, a.Kind)).ToListAsync(ct);
        var names = authorities.ToDictionary(a => a.Id, a => a.Name);
        var rows = await _db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.AuthorityId, u.Role, u.Unit, u.Disabled, u.TwoFactorEnabled, u.LockoutEnd })
            .ToListAsync(ct);
        var users = rows.Select(u => new UserAccountView(u.Id, u.UserName ?? "", u.DisplayName, u.AuthorityId,
            names.GetValueOrDefault(u.AuthorityId, ""), u.Role, u.Unit, u.Disabled, u.TwoFactorEnabled, u.LockoutEnd > now)).ToList();
        var clients = await ListApiClientsAsync(users, ct);
        await _events.RecordAsync(actor.UserId, SecurityActions.AdminAccess, permitted: true, ct: ct);
        return new AdministrationOverview(authorities, users, clients);
    }

    private async Task<List<ApiClientView>> ListApiClientsAsync(IReadOnlyList<UserAccountView> users, CancellationToken ct)
    {
        var byId = users.ToDictionary(u => u.Id);
        var clients = new List<ApiClientView>();
        await foreach (var application in _applications.ListAsync(null, null, ct))
        {
            var properties = await _applications.GetPropertiesAsync(application, ct);
            var systemUserId = properties.TryGetValue(ApiClientRegistration.SystemUserProperty, out var p) && p.ValueKind == System.Text.Json.JsonValueKind.String
                ? p.GetString() : null;
            var system = systemUserId is null ? null : byId.GetValueOrDefault(systemUserId);
            var grants = (await _applications.GetPermissionsAsync(application, ct))
                .Where(x => x.StartsWith(OpenIddictConstants.Permissions.Prefixes.GrantType, StringComparison.Ordinal))
                .Select(x => x[OpenIddictConstants.Permissions.Prefixes.GrantType.Length..]).Order(StringComparer.Ordinal).ToList();
            clients.Add(new ApiClientView(await _applications.GetClientIdAsync(application, ct) ?? "", await _applications.GetDisplayNameAsync(application, ct) ?? "",
                await _applications.HasClientTypeAsync(application, OpenIddictConstants.ClientTypes.Confidential, ct), grants,
                systemUserId, system?.AuthorityName, system?.Disabled ?? false));
        }

        return clients.OrderBy(c => c.ClientId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Creates a user in an authority with a role and unit. The user enrols a second factor at first login.</summary>
    public async Task<AdministrationResult> CreateUserAsync(ProcessContext context, NewUserCommand command, CancellationToken ct)
    {
        var actor = await RequireAdministratorAsync(context, ct);
        var errors = new List<string>();
        if (!Roles.All.Contains(command.Role)) errors.Add("Välj en roll.");
        if (!await _db.Authorities.AnyAsync(a => a.Id == command.AuthorityId, ct)) errors.Add("Välj en myndighet.");
        if (string.IsNullOrWhiteSpace(command.DisplayName) || command.DisplayName.Length > 200) errors.Add("Ange ett visningsnamn (högst 200 tecken).");
        if (string.IsNullOrWhiteSpace(command.Unit) || command.Unit.Length > 200) errors.Add("Ange en enhet (högst 200 tecken).");
        if (string.IsNullOrWhiteSpace(command.UserName) || command.UserName.Length > 64) errors.Add("Ange ett användarnamn (högst 64 tecken).");
        if (errors.Count > 0) return new AdministrationResult(null, errors);

        var user = new ApplicationUser
        {
            UserName = command.UserName.Trim(), DisplayName = command.DisplayName.Trim(), AuthorityId = command.AuthorityId, Role = command.Role,
            Unit = command.Unit.Trim(), AttributeSource = "admin:" + actor.UserId, AttributesVerifiedAt = _clock.GetUtcNow().UtcDateTime,
            EmailConfirmed = true, LockoutEnabled = true,
        };
        var result = await _users.CreateAsync(user, command.InitialPassword);
        if (!result.Succeeded) return new AdministrationResult(null, result.Errors.Select(e => e.Description).ToList());
        await _events.RecordAsync(actor.UserId, SecurityActions.UserCreated, permitted: true, targetUserId: user.Id, ct: ct);
        return new AdministrationResult(user.Id, []);
    }

    /// <summary>
    /// Disables or enables a user. A disabled user is nobody to the access gateway at once, and the
    /// new security stamp makes the user's cookie fail its next validation. Administrators cannot
    /// disable themselves (so the last administrator cannot lock everyone out by mistake).
    /// </summary>
    public async Task<bool> SetDisabledAsync(ProcessContext context, string userId, bool disabled, CancellationToken ct)
    {
        var actor = await RequireAdministratorAsync(context, ct);
        var user = await _users.FindByIdAsync(userId);
        if (user is null || user.Id == actor.UserId) return false;
        user.Disabled = disabled;
        var result = await _users.UpdateAsync(user);
        if (result.Succeeded) result = await _users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded) return false;
        await _events.RecordAsync(actor.UserId, disabled ? SecurityActions.UserDisabled : SecurityActions.UserEnabled, permitted: true, targetUserId: user.Id, ct: ct);
        return true;
    }

    private async Task<Actor> RequireAdministratorAsync(ProcessContext context, CancellationToken ct)
    {
        var actor = await _attributes.ResolveActorAsync(context, ct);
        if (actor.IsKnown && actor.Role == Roles.Administrator && context.Mfa) return actor;
        await _events.RecordAsync(actor.IsKnown ? actor.UserId : null, SecurityActions.AdminAccess, permitted: false, ct: ct);
        throw new AccessDeniedException();
    }
}
