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
    private readonly TimeProvider _clock;

    internal SecurityEvents(SekretessDbContext db, AuditLog audit, TimeProvider clock)
    {
        _db = db;
        _audit = audit;
        _clock = clock;
    }

    /// <summary>Commits one entry on its own transaction. If it cannot be written, the caller's request fails (fail closed).</summary>
    /// <param name="userId">The user the event is about (the actor for sign-in events), or null when unknown.</param>
    /// <param name="action">One of <see cref="SecurityActions"/>.</param>
    /// <param name="permitted">Whether the step succeeded.</param>
    /// <param name="targetUserId">For administration: the user that was changed.</param>
    public Task RecordAsync(string? userId, string action, bool permitted, string? targetUserId = null, CancellationToken ct = default) =>
        RecordAsync(userId, action, permitted, targetUserId, notify: null, ct);

    /// <summary>
    /// A change to the user's own sign-in credentials (password, authenticator, recovery codes, passkeys): the audit entry
    /// and a notice to that user (in the app, and by e-mail where configured) in one transaction, so that a change the
    /// user did not make — a stolen session's — does not go unseen. The notice names the kind of change only.
    /// </summary>
    /// <param name="notificationKind">One of the <c>Account…</c> kinds of <see cref="Notifications.NotificationKinds"/>.</param>
    public Task RecordCredentialChangeAsync(string userId, string action, string notificationKind, CancellationToken ct = default) =>
        RecordAsync(userId, action, permitted: true, targetUserId: null, notify: notificationKind, ct);

    private async Task RecordAsync(string? userId, string action, bool permitted, string? targetUserId, string? notify, CancellationToken ct)
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
        if (notify is not null && actor is not null)
        {
            _db.Notifications.Add(new Notifications.Notification
            {
                Id = Guid.NewGuid(), RecipientAuthorityId = actor.AuthorityId, RecipientUserId = actor.Id, Kind = notify,
                CreatedAt = _clock.GetUtcNow().UtcDateTime, DedupKey = $"{notify}:{Guid.NewGuid():N}",
            });
            await _db.SaveChangesAsync(ct);
        }

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
    /// <summary>A signed-in user proved password and second factor (or a passkey) again, before changing their credentials.</summary>
    public const string Reauthenticated = "auth.reauth";
    public const string PasswordChanged = "auth.password.change";
    public const string RecoveryCodesRenewed = "auth.mfa.recovery.renew";
    public const string AuthenticatorChanged = "auth.mfa.authenticator.change";
}
