using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Administration;

/// <summary>
/// Administration of user accounts, API clients, federation rules and keys. Every operation is one access through the
/// gateway: the policies decide (policies/rules/administration.policy.yaml: a systemförvaltare administers only the own
/// authority's accounts and only with a second factor; other authorities' accounts only the explicit regional role), a
/// deny is a 404 and an entry, a permit an entry in the same transaction as the change. The caller is resolved fresh
/// for every call. No administrator chooses or sees a working credential: a new or reset account gets a one-time code
/// (<see cref="SignInCodes"/>) with which the user chooses their own password and enrols their own second factor.
/// Nothing here touches case content.
/// </summary>
public sealed partial class UserAdministration
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly UserManager<ApplicationUser> _users;
    private readonly SignInCodes _codes;
    private readonly SecurityEvents _events;
    private readonly TimeProvider _clock;
    private readonly IOpenIddictApplicationManager _applications;
    private readonly FieldReEncryption _keys;

    internal UserAdministration(SekretessDbContext db, AccessGateway gateway, UserManager<ApplicationUser> users, SignInCodes codes,
        SecurityEvents events, TimeProvider clock, IOpenIddictApplicationManager applications, FieldReEncryption keys)
    {
        _db = db;
        _gateway = gateway;
        _users = users;
        _codes = codes;
        _events = events;
        _clock = clock;
        _applications = applications;
        _keys = keys;
    }

    /// <summary>What the administration menu may offer the caller: only what the policies would permit (not audited; never data).</summary>
    public async Task<AdministrationMenu> GetMenuAsync(ProcessContext context, CancellationToken ct) => new(
        await _gateway.WouldAsync(Overview(context), ct),
        await _gateway.WouldAsync(FederationOverview(context), ct),
        await _gateway.WouldAsync(AccessRequest.Read(context, Actions.AdminKeysRead, new AccessTarget.OwnAuthority(ResourceTypes.KeyRing)), ct));

    /// <summary>
    /// The accounts, authorities and API clients this administrator administers, each decided one by one (a
    /// systemförvaltare sees the own authority's only), with what the policies would let it do with each account.
    /// </summary>
    public async Task<AdministrationOverview> GetOverviewAsync(ProcessContext context, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(Overview(context), ct);
        return await grant.ReadAsync(async () =>
        {
            var now = _clock.GetUtcNow();
            var authorities = await AuthoritiesAsync(ct);
            var byAuthority = authorities.ToDictionary(a => a.Id);
            var rows = await _db.Users.AsNoTracking().OrderBy(u => u.UserName)
                .Select(u => new
                {
                    u.Id, u.UserName, u.DisplayName, u.AuthorityId, u.Role, u.Unit, u.Disabled, u.TwoFactorEnabled, u.LockoutEnd,
                    HasPassword = u.PasswordHash != null,
                })
                .ToListAsync(ct);
            var codes = await _db.UserTokens.AsNoTracking().Where(t => t.LoginProvider == SignInCodes.LoginProvider && t.Name == SignInCodes.TokenName)
                .Select(t => new { t.UserId, t.Value }).ToDictionaryAsync(t => t.UserId, t => t.Value, ct);
            var accounts = rows.ToDictionary(u => u.Id, u => new AccountAttributes(u.Id, u.AuthorityId, byAuthority.GetValueOrDefault(u.AuthorityId)?.Kind ?? "", u.Role));

            var users = new List<UserAccountView>();
            foreach (var u in rows)
            {
                var account = accounts[u.Id];
                Func<Policy.DecisionRequest, Policy.DecisionRequest> describe = r => r.DescribeAccount(ResourceTypes.UserAccount, account);
                if (grant.DecideRow(Actions.AdminUserRead, describe) is null) continue;
                users.Add(new UserAccountView(u.Id, u.UserName ?? "", u.DisplayName, u.AuthorityId, byAuthority.GetValueOrDefault(u.AuthorityId)?.Name ?? "",
                    u.Role, u.Unit, u.Disabled, u.TwoFactorEnabled, u.LockoutEnd > now)
                {
                    AwaitingFirstSignIn = !u.HasPassword && SignInCodes.IsPending(codes.GetValueOrDefault(u.Id), now),
                    MayDisable = !u.Disabled && u.Id != grant.Actor.UserId && grant.Would(Actions.AdminUserDisable, describe),
                    MayEnable = u.Disabled && grant.Would(Actions.AdminUserEnable, describe),
                    MayReset = grant.Would(Actions.AdminUserReset, describe),
                });
            }

            var administered = authorities.Where(a => grant.DecideRow(Actions.AdminUserRead,
                r => r.DescribeAccount(ResourceTypes.UserAccount, new AccountAttributes(null, a.Id, a.Kind, null))) is not null).ToList();
            var clients = await ListApiClientsAsync(grant, accounts, rows.ToDictionary(u => u.Id, u => u.Disabled), byAuthority, ct);
            var options = Options(grant, authorities, Actions.AdminUserCreate, ResourceTypes.UserAccount);
            return new AdministrationOverview(administered, users, clients) { MayCreateUsers = options.Authorities.Count > 0 };
        }, ct);
    }

    /// <summary>The authorities and roles this administrator may give a new account (the create form offers only these).</summary>
    public async Task<AccountOptions> GetNewUserOptionsAsync(ProcessContext context, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(Overview(context), ct);
        return await grant.ReadAsync(async () => Options(grant, await AuthoritiesAsync(ct), Actions.AdminUserCreate, ResourceTypes.UserAccount), ct);
    }

    /// <summary>One account, for the reset confirmation: what the administrator sees of it, and whether it may be reset.</summary>
    public async Task<UserAccountView> GetUserAsync(ProcessContext context, string userId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AdminUserRead, new AccessTarget.UserAccount(userId ?? "")), ct);
        return await grant.ReadAsync(async () =>
        {
            var now = _clock.GetUtcNow();
            var u = await (from x in _db.Users.AsNoTracking()
                           join a in _db.Authorities.AsNoTracking() on x.AuthorityId equals a.Id
                           where x.Id == userId
                           select new { x.Id, x.UserName, x.DisplayName, x.AuthorityId, AuthorityName = a.Name, x.Role, x.Unit, x.Disabled, x.TwoFactorEnabled, x.LockoutEnd })
                .SingleAsync(ct);
            var account = grant.Facts.Account!;
            return new UserAccountView(u.Id, u.UserName ?? "", u.DisplayName, u.AuthorityId, u.AuthorityName, u.Role, u.Unit, u.Disabled, u.TwoFactorEnabled, u.LockoutEnd > now)
            {
                MayReset = grant.Would(Actions.AdminUserReset, r => r.DescribeAccount(ResourceTypes.UserAccount, account)),
            };
        }, ct);
    }

    /// <summary>
    /// Creates an account in an authority with a role and unit, decided on that authority and role. The account has no
    /// password: the result carries a one-time code, shown once, with which the user chooses one and then enrols a second factor.
    /// </summary>
    public async Task<AdministrationResult> CreateUserAsync(ProcessContext context, NewUserCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new List<string>();
        if (command.AuthorityId == Guid.Empty) errors.Add("Välj en myndighet.");
        if (!Roles.All.Contains(command.Role)) errors.Add("Välj en roll.");
        if (string.IsNullOrWhiteSpace(command.DisplayName) || command.DisplayName.Length > 200) errors.Add("Ange ett visningsnamn (högst 200 tecken).");
        if (string.IsNullOrWhiteSpace(command.Unit) || command.Unit.Length > 200) errors.Add("Ange en enhet (högst 200 tecken).");
        if (string.IsNullOrWhiteSpace(command.UserName) || command.UserName.Length > 64) errors.Add("Ange ett användarnamn (högst 64 tecken).");
        if (errors.Count > 0) return await FormErrorsAsync(Overview(context), errors, ct);

        await using var grant = await _gateway.AuthorizeAsync(
            AccessRequest.Write(context, Actions.AdminUserCreate, new AccessTarget.NewAccountIn(command.AuthorityId, command.Role)), ct);
        var user = new ApplicationUser
        {
            UserName = command.UserName.Trim(), DisplayName = command.DisplayName.Trim(), AuthorityId = command.AuthorityId, Role = command.Role,
            Unit = command.Unit.Trim(), AttributeSource = "admin:" + grant.Actor.UserId, AttributesVerifiedAt = _clock.GetUtcNow().UtcDateTime,
            EmailConfirmed = true, LockoutEnabled = true,
        };
        // Identity's own checks (allowed characters, a name already taken) before anything is written: a refused name changes nothing.
        var refused = new List<string>();
        foreach (var validator in _users.UserValidators)
            refused.AddRange((await validator.ValidateAsync(_users, user)).Errors.Select(e => e.Description));
        if (refused.Count > 0) return new AdministrationResult(null, refused);

        SignInCode? code = null;
        var id = await grant.CreateAsync(async newId =>
        {
            user.Id = newId.ToString();
            Check(await _users.CreateAsync(user));
            code = await _codes.IssueAsync(user);
        }, ct);
        return new AdministrationResult(id.ToString(), []) { SignInCode = code };
    }

    /// <summary>
    /// Disables or enables a user. A disabled user is nobody to the access gateway at once, and the new security stamp
    /// makes the user's cookie fail its next validation. The own account is refused (false): the last administrator cannot
    /// lock everyone out by mistake.
    /// </summary>
    public async Task<bool> SetDisabledAsync(ProcessContext context, string userId, bool disabled, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        userId ??= "";
        if (userId == context.UserId)
        {
            // A form error the page explains, but only to someone who administers the account at all (ADM-F-003 forbids it too).
            await using var own = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AdminUserRead, new AccessTarget.UserAccount(userId)), ct);
            return false;
        }

        var action = disabled ? Actions.AdminUserDisable : Actions.AdminUserEnable;
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, action, new AccessTarget.UserAccount(userId)), ct);
        return await grant.WriteAsync(async () =>
        {
            var user = await _users.FindByIdAsync(userId) ?? throw new InvalidOperationException("The account resolved but could not be loaded.");
            user.Disabled = disabled;
            Check(await _users.UpdateAsync(user));
            Check(await _users.UpdateSecurityStampAsync(user));
            return true;
        }, ct);
    }

    /// <summary>
    /// Resets a user's sign-in: password, authenticator, recovery codes and passkeys stop working and every session ends;
    /// the result is a new one-time code, shown once, with which the user chooses a new password and enrols a new second factor.
    /// </summary>
    public async Task<SignInReset> ResetSignInAsync(ProcessContext context, string userId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AdminUserReset, new AccessTarget.UserAccount(userId ?? "")), ct);
        return await grant.WriteAsync(async () =>
        {
            var user = await _users.FindByIdAsync(userId!) ?? throw new InvalidOperationException("The account resolved but could not be loaded.");
            await _codes.ClearCredentialsAsync(user);
            return new SignInReset(user.UserName ?? "", user.DisplayName, await _codes.IssueAsync(user));
        }, ct);
    }

    /// <summary>
    /// Resets only the password, for a user who forgot it but still has their second factor: the password stops working,
    /// a lockout is lifted and every session ends; the one-time code lets the user choose a new password, after which they
    /// sign in with their own authenticator app or passkey as before. The same action and rules as a full reset
    /// (<c>admin.user.reset</c>): no one resets their own account, a system account or, without the regional role, a regional one.
    /// </summary>
    public async Task<SignInReset> ResetPasswordAsync(ProcessContext context, string userId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AdminUserReset, new AccessTarget.UserAccount(userId ?? "")), ct);
        return await grant.WriteAsync(async () =>
        {
            var user = await _users.FindByIdAsync(userId!) ?? throw new InvalidOperationException("The account resolved but could not be loaded.");
            await _codes.ClearPasswordAsync(user);
            return new SignInReset(user.UserName ?? "", user.DisplayName, await _codes.IssueAsync(user));
        }, ct);
    }

    private static AccessRequest Overview(ProcessContext context) =>
        AccessRequest.Read(context, Actions.AdminOverview, new AccessTarget.OwnAuthority(ResourceTypes.UserAccount));

    /// <summary>
    /// A form with errors is answered only to someone who may administer at all: anyone else gets the same 404 and deny
    /// entry as for every other admin operation. Nothing was read or changed, so a permitted caller leaves no entry.
    /// </summary>
    private async Task<AdministrationResult> FormErrorsAsync(AccessRequest administers, IReadOnlyList<string> errors, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(administers, ct);
        return new AdministrationResult(null, errors);
    }

    private Task<List<AuthorityView>> AuthoritiesAsync(CancellationToken ct) =>
        _db.Authorities.AsNoTracking().OrderBy(a => a.Name).Select(a => new AuthorityView(a.Id, a.Code, a.Name, a.Kind)).ToListAsync(ct);

    /// <summary>The (authority, role) pairs the policies would let this administrator give: the authorities and roles that occur in any.</summary>
    private static AccountOptions Options(AccessGateway.Grant grant, IReadOnlyList<AuthorityView> authorities, PolicyAction action, string type)
    {
        var pairs = (from a in authorities
                     from role in Roles.All
                     where grant.Would(action, r => r.DescribeAccount(type, new AccountAttributes(null, a.Id, a.Kind, role)))
                     select (Authority: a, Role: role)).ToList();
        return new AccountOptions(pairs.Select(p => p.Authority).Distinct().ToList(), Roles.All.Where(role => pairs.Any(p => p.Role == role)).ToList());
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException("The account could not be changed: " + string.Join(", ", result.Errors.Select(e => e.Code)));
    }
}
