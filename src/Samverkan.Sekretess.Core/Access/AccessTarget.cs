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
    /// <summary>Something of the caller's own authority that is not a case: its log, its statistics, its jobs.</summary>
    public sealed record OwnAuthority(string Type) : AccessTarget(Type);

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
    /// A nödåtkomst session (and its case): <paramref name="SessionId"/>, or when it is null the caller's own unstopped
    /// session in <paramref name="CaseId"/> (stopping "my elevation here" names the case, never a session id from a form).
    /// </summary>
    public sealed record BreakGlassSession(Guid? SessionId, Guid? CaseId = null) : AccessTarget(ResourceTypes.BreakGlass);
}
