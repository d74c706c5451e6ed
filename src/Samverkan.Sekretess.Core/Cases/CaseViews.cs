namespace Samverkan.Sekretess.Core.Cases;

/// <summary>A row in "Mina ärenden". No personal data: the reference names the case, not the person.</summary>
public sealed record CaseListEntry(Guid Id, string Reference, string Type, string Status, string LeadAuthorityName, DateTime CreatedAt);

/// <summary>The parts of a case the caller may see, each decided by the PDP.</summary>
public sealed record CaseDetails(
    Guid Id, string Reference, string Type, string Status, string LeadAuthorityName,
    string SubjectName, string SubjectPersonalNumber, bool SubjectIsTestData, bool SubjectHasProtectedIdentity,
    IReadOnlyList<string> ParticipatingAuthorityNames,
    IReadOnlyList<CaseMemberView> Members,
    IReadOnlyList<ItemView> Items,
    int HiddenItemCount,
    IReadOnlyList<ActionPlanEntryView> ActionPlan,
    CaseCapabilities Caller)
{
    /// <summary>The caller's nödåtkomst in this case is active until then.</summary>
    public DateTime? BreakGlassUntil { get; init; }

    /// <summary>The PDP would let the caller start nödåtkomst (with reason and acute danger).</summary>
    public bool MayBreakGlass { get; init; }

    /// <summary>Participants the caller may remove from the case (never the lead authority); empty unless the PDP would permit it.</summary>
    public IReadOnlyList<Authorities.AuthorityView> RemovableParticipants { get; init; } = [];

    /// <summary>
    /// The persons a new item of the caller's authority can name: the case's person and the persons the caller's own
    /// items are about (never persons of items the caller cannot read).
    /// </summary>
    public IReadOnlyList<PersonOption> Persons { get; init; } = [];
}

/// <summary>A person of the case, for the item form (the id is the server's; the name is shown only to those who may see it).</summary>
public sealed record PersonOption(Guid Id, string Name, bool IsCaseSubject);

/// <summary>What the caller may do next, each answered by the PDP (the UI only shows what would be permitted).</summary>
public sealed record CaseCapabilities(
    IReadOnlyList<ItemCategories.Category> CategoriesToAdd, bool MayAddActionPlanEntry, bool MayClose, bool MayReopen, Guid OwnAuthorityId);

public sealed record CaseMemberView(string DisplayName, string AuthorityName, string CaseRole);

/// <summary>
/// One visible item. <see cref="Contact"/> is null when the item has none or the policy demanded redaction
/// (<see cref="ContactRedacted"/>). <see cref="Why"/> explains the decision in plain Swedish.
/// </summary>
public sealed record ItemView(
    Guid Id, string Category, string Title, string Text, string? Contact, bool ContactRedacted,
    Guid OwnerAuthorityId, string OwnerAuthorityName, DateTime CreatedAt, DateTime? UpdatedAt, Guid ConcurrencyStamp,
    bool MayEdit, DecisionExplanation Why)
{
    /// <summary>Set when another authority disclosed the item to the caller's: from whom, on which ground, and the regime that now protects it.</summary>
    public ReceivedVia? Received { get; init; }

    /// <summary>The caller's authority owns the item and may start a disclosure ("Dela med …"); the disclosure itself is decided in full.</summary>
    public bool MayShare { get; init; }

    /// <summary>For the owner: the names of the persons the item is about (a recipient sees only what the disclosure listed).</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];
}

/// <summary>A received item's provenance. Secrecy does not follow the data (OSL 11 kap.): <see cref="RecipientRegime"/> protects it here.</summary>
public sealed record ReceivedVia(string FromAuthorityName, string Ground, string GroundTitle, string RecipientRegime, DateTime DisclosedAt);

/// <summary>A case's action plan alone (the API's read model).</summary>
public sealed record CaseActionPlan(Guid CaseId, string Reference, string Status, IReadOnlyList<ActionPlanEntryView> Entries);

public sealed record ActionPlanEntryView(
    Guid Id, string What, string Responsible, DateOnly DueDate, string Status, Guid OwnerAuthorityId, string OwnerAuthorityName,
    Guid ConcurrencyStamp, bool MayEdit)
{
    public ReceivedVia? Received { get; init; }

    /// <summary>For the owner: how many authorities the entry is actively disclosed to.</summary>
    public int SharedWith { get; init; }
}

/// <summary>"Varför ser jag detta?": the determining rules and the legal ground, in the policies' own Swedish words.</summary>
public sealed record DecisionExplanation(IReadOnlyList<RuleExplanation> Rules, string? LegalGround, string? LegalGroundText, string PolicyVersion);

public sealed record RuleExplanation(string RuleId, string Description);

/// <summary>An item as its owner edits it.</summary>
/// <summary>
/// An item for its owner to edit. <see cref="ContactHidden"/>: the item has contact details the read decision hides from this
/// caller (protected identity, ITEM-R-003); the form then leaves them as they are instead of showing or clearing them.
/// </summary>
public sealed record ItemForEdit(Guid Id, Guid CaseId, string CaseReference, string Category, string Title, string Text, string? Contact, Guid ConcurrencyStamp,
    bool ContactHidden = false);
