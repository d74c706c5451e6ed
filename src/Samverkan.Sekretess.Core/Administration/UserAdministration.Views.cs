using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Administration;

/// <summary>A user as the administrator sees it: account data only, never case content or a credential.</summary>
public sealed record UserAccountView(string Id, string UserName, string DisplayName, Guid AuthorityId, string AuthorityName,
    string Role, string Unit, bool Disabled, bool MfaEnrolled, bool LockedOut)
{
    /// <summary>An unexpired one-time code is out and the user has not yet chosen a password.</summary>
    public bool AwaitingFirstSignIn { get; init; }

    /// <summary>What the policies would let this administrator do with the account; the page offers only these.</summary>
    public bool MayDisable { get; init; }

    public bool MayEnable { get; init; }

    public bool MayReset { get; init; }
}

/// <summary>A registered API client (OpenIddict:Clients): no secret, and for a system integration the authority it acts for.</summary>
public sealed record ApiClientView(string ClientId, string DisplayName, bool Confidential, IReadOnlyList<string> GrantTypes,
    string? SystemUserId, string? AuthorityName, bool SystemActorDisabled);

/// <summary>What the administrator administers: the authorities, accounts and API clients the policies let it see.</summary>
public sealed record AdministrationOverview(IReadOnlyList<AuthorityView> Authorities, IReadOnlyList<UserAccountView> Users, IReadOnlyList<ApiClientView> ApiClients)
{
    /// <summary>The administrator may create an account in at least one authority (the page offers "Lägg upp användare").</summary>
    public bool MayCreateUsers { get; init; }
}

/// <summary>What the administration pages may offer the caller: only what the policies would permit.</summary>
public sealed record AdministrationMenu(bool Users, bool Federation, bool Keys)
{
    public bool Any => Users || Federation || Keys;
}

/// <summary>The authorities and roles this administrator may give an account (a new user, a federation rule).</summary>
public sealed record AccountOptions(IReadOnlyList<AuthorityView> Authorities, IReadOnlyList<string> Roles);

/// <summary>A new account: no password (the user chooses one with the one-time code the create returns).</summary>
public sealed record NewUserCommand(string UserName, string DisplayName, Guid AuthorityId, string Role, string Unit);

/// <summary>The outcome of a create: the new record's id, or Swedish messages for the form.</summary>
public sealed record AdministrationResult(string? UserId, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>For a new user: the one-time sign-in code, shown to the administrator once and stored only as a hash.</summary>
    public SignInCode? SignInCode { get; init; }
}

/// <summary>A reset account and its new one-time sign-in code (shown once).</summary>
public sealed record SignInReset(string UserName, string DisplayName, SignInCode Code);
