namespace Samverkan.Sekretess.Core.Notifications;

/// <summary>
/// "There is something for you to look at": addressed to an authority (and optionally one user), it carries a kind
/// and ids only — never secret content, names or personnummer.
/// </summary>
internal sealed class Notification
{
    public Guid Id { get; set; }
    public Guid RecipientAuthorityId { get; set; }
    /// <summary>Only this user (e.g. the DPO, a reviewer); null = everyone in the authority who takes part in the case.</summary>
    public string? RecipientUserId { get; set; }
    /// <summary>One of <see cref="NotificationKinds"/>.</summary>
    public string Kind { get; set; } = "";
    public Guid? CaseId { get; set; }
    public Guid? RelatedId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    /// <summary>
    /// When the optional e-mail for this notice was sent (or found unnecessary: read already, nobody to mail);
    /// null = not yet. Set right after each successful send, so a retried run never mails it again.
    /// </summary>
    public DateTime? MailedAt { get; set; }
    /// <summary>Send attempts so far; a notice that keeps failing is given up after NotificationEmailOptions.MaxAttempts.</summary>
    public int MailAttempts { get; set; }
    /// <summary>Makes a notification idempotent (e.g. one "expires in 30 days" per consent).</summary>
    public string DedupKey { get; set; } = "";
}

public static class NotificationKinds
{
    public const string DisclosureReceived = "disclosure.received";
    public const string ConsentWithdrawn = "consent.withdrawn";
    public const string ConsentExpiring = "consent.expiring";
    public const string InformationRequested = "request.received";
    public const string ProtectedIdentityAccess = "protected.access";
    public const string BreakGlass = "breakglass.started";
    public const string ReviewTask = "review.task";
    public const string SecondApprovalNeeded = "disclosure.approval";
    public const string ConsentExpiringSoon = "consent.expiring.7";
    public const string ConsentLapsed = "consent.lapsed";
    public const string DisclosureEnded = "disclosure.ended";
    public const string AuditChainBroken = "audit.chain.broken";
    public const string KeyRingProblem = "keyring.problem";
    // To one user, about their own account (issue 19): a change they did not make means someone else holds their session.
    public const string AccountPasswordChanged = "account.password";
    public const string AccountPasskeyAdded = "account.passkey.added";
    public const string AccountPasskeyRemoved = "account.passkey.removed";
    public const string AccountRecoveryCodesRenewed = "account.recovery";
    public const string AccountAuthenticatorChanged = "account.authenticator";
}
