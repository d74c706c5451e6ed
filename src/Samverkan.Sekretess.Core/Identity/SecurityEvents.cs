using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>
/// Security events (logins, second factor, lockout, enrolment, administration) as entries of the same
/// hash-chained audit log as every data access. Entries name users by id only, never by user name or
/// personal data; an unknown user name is recorded without any actor.
/// </summary>
public sealed class SecurityEvents
{
    private readonly SekretessDbContext _db;
    private readonly AuditLog _audit;

    internal SecurityEvents(SekretessDbContext db, AuditLog audit)
    {
        _db = db;
        _audit = audit;
    }

    /// <summary>Commits one entry on its own transaction. If it cannot be written, the caller's request fails (fail closed).</summary>
    /// <param name="userId">The user the event is about (the actor for sign-in events), or null when unknown.</param>
    /// <param name="action">One of <see cref="SecurityActions"/>.</param>
    /// <param name="permitted">Whether the step succeeded.</param>
    /// <param name="targetUserId">For administration: the user that was changed.</param>
    public async Task RecordAsync(string? userId, string action, bool permitted, string? targetUserId = null, CancellationToken ct = default)
    {
        var actor = userId is null ? null
            : await _db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Id, u.AuthorityId, u.Role }).FirstOrDefaultAsync(ct);
        var target = targetUserId is null ? null
            : await _db.Users.AsNoTracking().Where(u => u.Id == targetUserId).Select(u => new { u.Id, u.AuthorityId }).FirstOrDefaultAsync(ct);
        _db.ChangeTracker.Clear();
        await using var tx = await _db.Database.BeginTransactionAsync(ct);
        await _audit.AppendAsync(_db, new AuditEntry
        {
            ActorUserId = actor?.Id,
            ActorAuthorityId = actor?.AuthorityId,
            ActorRole = actor?.Role ?? "",
            Action = action,
            ResourceType = target is null ? "account" : "user",
            ResourceId = target?.Id ?? actor?.Id,
            // The affected user's authority, so that authority's DPO sees the event in the log review.
            ResourceAuthorityId = target?.AuthorityId ?? actor?.AuthorityId,
            Decision = permitted ? "permit" : "deny",
            PolicyVersion = "",
        }, ct);
        await tx.CommitAsync(ct);
    }
}

/// <summary>Audit action names of security events.</summary>
public static class SecurityActions
{
    public const string PasswordStep = "auth.password";
    public const string SecondFactor = "auth.mfa.totp";
    public const string RecoveryCode = "auth.mfa.recovery";
    public const string Enrolment = "auth.mfa.enrol";
    public const string LockedOut = "auth.lockout";
    public const string Logout = "auth.logout";
    /// <summary>An account made by the system itself (a job's or an integration's system account, a federated first sign-in).</summary>
    public static readonly string UserCreated = Access.Actions.AdminUserCreate.Name;
    public const string AttributesChanged = "admin.user.attributes";
    public const string ApiClientRegistered = "admin.apiclient.register";
    public const string ApiClientRemoved = "admin.apiclient.remove";
    public const string TokenIssued = "auth.token";
    public const string PasskeySignIn = "auth.passkey";
    public const string PasskeyRegistered = "auth.passkey.register";
    public const string PasskeyRemoved = "auth.passkey.remove";
    public const string FederatedSignIn = "auth.federation";
    public const string FederationMappingCreated = "admin.federation.mapping.create";
    public const string FederationMappingRemoved = "admin.federation.mapping.remove";
    /// <summary>The outcome of a re-encryption run (the decision to run it is the grant's own admin.keys.* entry).</summary>
    public const string ReEncrypted = "admin.keys.reencrypt.result";
    /// <summary>A first sign-in with a one-time code: the user chose their own password (or the code was refused).</summary>
    public const string FirstSignIn = "auth.firstsignin";
}
