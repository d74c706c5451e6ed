namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// A record that can be shared, as (record type, id): an information item or an action-plan entry. Shares and
/// disclosures reference both parts, so an id that happens to exist as another type of record is never mistaken for it.
/// </summary>
public readonly record struct RecordRef(string Type, Guid Id)
{
    public static RecordRef Item(Guid id) => new(ResourceTypes.Item, id);
    public static RecordRef ActionPlanEntry(Guid id) => new(ResourceTypes.ActionPlan, id);
    public bool IsKnownType => Type is ResourceTypes.Item or ResourceTypes.ActionPlan;
}

/// <summary>
/// What an access is about, as the caller names it. Only ids: the attribute resolver (PIP) finds every fact the policies
/// read from them, and an id that resolves to nothing is refused exactly like one the caller may not see.
/// </summary>
internal abstract record AccessTarget(string ResourceType)
{
    /// <summary>
    /// Something of the caller's own authority that is not a case: its log, its statistics, its jobs. The optional ids only
    /// name what the entry is about (a round or report in the log, the person or case searched for, a page); the decision
    /// never reads them, so a deny names them too.
    /// </summary>
    public sealed record OwnAuthority(string Type, string? ResourceId = null, Guid? CaseId = null, Guid? PersonId = null) : AccessTarget(Type);

    /// <summary>A case, or something of a case that has no record of its own yet (a consent to be recorded, a meeting to be booked).</summary>
    public sealed record Case(Guid CaseId, string Type = ResourceTypes.Case) : AccessTarget(Type);

    /// <summary>An existing item or action-plan entry; the case, the owner, the data subjects and the shares are resolved from it.</summary>
    public sealed record Record(RecordRef Ref) : AccessTarget(Ref.Type);

    /// <summary>A new item or action-plan entry in a case, owned by the caller's authority, with the persons it will be about.</summary>
    public sealed record NewRecord(Guid CaseId, string Type, string Category, IReadOnlyList<Guid> DataSubjectIds) : AccessTarget(Type);

    /// <summary>A recorded consent (and its case).</summary>
    public sealed record Consent(Guid ConsentId) : AccessTarget(ResourceTypes.Consent);

    /// <summary>A recorded disclosure (and its case and record).</summary>
    public sealed record Disclosure(Guid DisclosureId) : AccessTarget(ResourceTypes.Disclosure);

    /// <summary>A begäran om uppgifter (and its case, who asked and who was asked).</summary>
    public sealed record InformationRequest(Guid RequestId) : AccessTarget(ResourceTypes.InformationRequest);

    /// <summary>A meeting (and its case and the authorities present).</summary>
    public sealed record Meeting(Guid MeetingId) : AccessTarget(ResourceTypes.Meeting);

    /// <summary>The collaboration agreement, or something in it (<paramref name="ResourceId"/> for the audit entry).</summary>
    public sealed record Agreement(Guid AgreementId, string Type = ResourceTypes.Agreement, string? ResourceId = null) : AccessTarget(Type);

    /// <summary>
    /// A list whose rows are each decided inside the grant (the caller's cases, notices): the caller must be a known,
    /// enabled user; what a row shows is decided per row, and the entry names the rows returned.
    /// </summary>
    public sealed record Rows(string Type) : AccessTarget(Type);

    /// <summary>
    /// Something recorded in an agreement (a document, an activity of its åtgärdsplan), by (type, id): its agreement is
    /// resolved from the record, never taken from the route or the form.
    /// </summary>
    public sealed record AgreementRecord(string Type, Guid Id) : AccessTarget(Type);

    /// <summary>A thinning list (gallringslista) and whose it is: the arkivarie reads and decides it.</summary>
    public sealed record ThinningRun(Guid RunId) : AccessTarget(ResourceTypes.ThinningRun);

    /// <summary>
    /// A record on a thinning list, by the list row's id: the record's type, owner, case and person, the list's status and
    /// the facts of the holds are resolved from it (the plan's verdict on those facts is the service's to add).
    /// </summary>
    public sealed record ThinningCandidate(Guid CandidateId) : AccessTarget(ResourceTypes.ThinningRun);

    /// <summary>A gallringsstopp and the authority that placed it.</summary>
    public sealed record LegalHold(Guid HoldId) : AccessTarget(ResourceTypes.LegalHold);

    /// <summary>A person's own data (name, personnummer), with the newest case about them and whether anything about them remains.</summary>
    public sealed record Person(Guid PersonId) : AccessTarget(ResourceTypes.Person);

    /// <summary>A user account, with the authority it belongs to and its role; an id that is no user resolves to nothing.</summary>
    public sealed record UserAccount(string UserId) : AccessTarget(ResourceTypes.UserAccount);

    /// <summary>
    /// Something an administrator is about to make that gives an account in an authority with a role: a new user account,
    /// or a new rule for federated sign-in (<paramref name="Type"/>). Decided on that authority as the owner, and on the
    /// role it gives; an authority that does not exist, or a role that is no role, resolves to nothing.
    /// </summary>
    public sealed record NewAccountIn(Guid AuthorityId, string Role, string Type = ResourceTypes.UserAccount) : AccessTarget(Type);

    /// <summary>A rule for federated sign-in, with the authority and role it gives.</summary>
    public sealed record FederationMapping(Guid MappingId) : AccessTarget(ResourceTypes.FederationMapping);

    /// <summary>
    /// A nödåtkomst session (and its case): <paramref name="SessionId"/>, or when it is null the caller's own unstopped
    /// session in <paramref name="CaseId"/> (stopping "my elevation here" names the case, never a session id from a form).
    /// </summary>
    public sealed record BreakGlassSession(Guid? SessionId, Guid? CaseId = null) : AccessTarget(ResourceTypes.BreakGlass);
}
