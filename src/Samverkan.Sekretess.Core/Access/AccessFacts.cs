namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// Everything the attribute resolver found for one access, from the same database snapshot as the data the grant then
/// reads. Which parts are set depends on the <see cref="AccessTarget"/>; a part the target needs and the resolver could
/// not find means the access is refused before any decision.
/// </summary>
internal sealed record AccessFacts(Actor Actor)
{
    public CaseAttributes? Case { get; init; }

    /// <summary>The item or action-plan entry, with its data subjects and active shares.</summary>
    public ItemAttributes? Record { get; init; }

    public ConsentAttributes? Consent { get; init; }

    public DisclosureAttributes? Disclosure { get; init; }

    public MeetingAttributes? Meeting { get; init; }

    public InformationRequestAttributes? InformationRequest { get; init; }

    public AgreementFacts? Agreement { get; init; }

    /// <summary>For a unit manager looking into the log: the unit and its users (null for everyone else).</summary>
    public LogUnit? Unit { get; init; }

    /// <summary>For administration: the user account (or the account a new account or federation rule gives).</summary>
    public AccountAttributes? Account { get; init; }

    /// <summary>A nödåtkomst session: whose it is, which authority's user broke the glass, and until when.</summary>
    public BreakGlassFacts? BreakGlassSession { get; init; }

    /// <summary>The case, which every case-scoped target has; throws for a target without one (a programming error, not a deny).</summary>
    public CaseAttributes RequiredCase => Case ?? throw new InvalidOperationException("This access has no case.");

    public ItemAttributes RequiredRecord => Record ?? throw new InvalidOperationException("This access has no record.");

    public ThinningRunFacts? ThinningRun { get; init; }

    public ListedRecordFacts? ListedRecord { get; init; }

    public LegalHoldFacts? LegalHold { get; init; }

    public PersonRetentionFacts? PersonRetention { get; init; }
}

/// <summary>A meeting as the policies see it: its case and the authorities present.</summary>
internal sealed record MeetingAttributes(Guid Id, Guid CaseId, IReadOnlyList<Guid> PresentAuthorityIds);

/// <summary>The agreement's attributes for a decision: who its parties are, when it is in force, and the caller's forums in it.</summary>
internal sealed record AgreementFacts(Guid Id, IReadOnlyList<Guid> PartyAuthorityIds, DateOnly ValidFrom, DateOnly ValidTo, IReadOnlyList<string> Forums);

/// <summary>A unit manager's own unit and the ids of its users (whose log entries the manager reviews).</summary>
internal sealed record LogUnit(string Name, IReadOnlyList<string> UserIds);

/// <summary>A recorded disclosure as the approval and end-of-need-to-know decisions read it.</summary>
internal sealed record DisclosureAttributes(Guid Id, Guid CaseId, RecordRef Record, Guid SenderAuthorityId, Guid RecipientAuthorityId,
    string Ground, Guid? ConsentId, string DecidedByUserId, bool PendingSecondApproval, bool Ended, bool IncludesContact);

/// <summary>A begäran om uppgifter: who asked whom, and whether it is still open.</summary>
internal sealed record InformationRequestAttributes(Guid Id, Guid CaseId, Guid FromAuthorityId, Guid ToAuthorityId, string Status);

/// <summary>
/// A user account as the administration rules see it: its authority and role (never a name or credential). <see cref="Id"/>
/// is the user's id, a federation rule's id, or null for an account about to be made; <see cref="Role"/> is null only
/// when asking about an authority's accounts in general (which to list), so every rule that tests it fails closed.
/// </summary>
internal sealed record AccountAttributes(string? Id, Guid AuthorityId, string AuthorityKind, string? Role);

/// <summary>A nödåtkomst session as the stop and review decisions read it (no reason text: that is content for the DPO only).</summary>
internal sealed record BreakGlassFacts(Guid Id, Guid CaseId, string UserId, Guid AuthorityId, DateTime ExpiresAt, bool Ended, bool Reviewed);
