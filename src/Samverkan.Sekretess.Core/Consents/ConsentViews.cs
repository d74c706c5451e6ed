namespace Samverkan.Sekretess.Core.Consents;

/// <summary>
/// A consent as the parties see it, with its effective scope in one Swedish sentence
/// ("Samtycket låter X lämna Y till Z för P till och med D").
/// </summary>
public sealed record ConsentView(
    Guid Id, Guid CaseId, string CaseReference, string CaseType, string SubjectName, int SubjectAgeAtRecording,
    IReadOnlyList<string> SenderNames, IReadOnlyList<string> RecipientNames, IReadOnlyList<string> CategoryNames,
    DateTime ValidFrom, DateTime ValidTo, bool GivenBySubject, IReadOnlyList<string> ConsentingGuardianNames, int RecordedGuardianCount,
    string? MaturityAssessment, string? CustodyException, string Form, bool InformedOfConsequences, bool InformedOfRightToWithdraw,
    string RecordedByName, string RecordedByAuthorityName, DateTime RecordedAt,
    DateTime? WithdrawnAt, string? WithdrawalNote, bool HasAttachment, string Status, string EffectiveScope, bool MayWithdraw)
{
    /// <summary>The consent is the case's own person's (false: another person the case's items are about, who consented for their own data).</summary>
    public bool SubjectIsCasePerson { get; init; } = true;
}

/// <summary>The consent part of a case: consents, recorded guardians, and what the caller may do.</summary>
public sealed record CaseConsents(
    Guid CaseId, string CaseReference, string CaseType, string CaseStatus, string SubjectName, int SubjectAge,
    IReadOnlyList<ConsentView> Consents, IReadOnlyList<GuardianView> Guardians,
    IReadOnlyList<AuthorityOption> Participants, bool MayRecord)
{
    /// <summary>Whose consent can be documented here: the case's own person first, then every other person of the case.</summary>
    public IReadOnlyList<ConsentPerson> Persons { get; init; } = [];
}

/// <summary>
/// A person of the case who can consent for their own data: the case's own person (whose guardians and maturity rules
/// apply), or another person an item is about (an adult, who consents themself). Chosen on the form by id in the body.
/// </summary>
public sealed record ConsentPerson(Guid Id, string Name, int Age, bool IsCaseSubject)
{
    internal DateOnly BirthDate { get; init; }
}

public sealed record GuardianView(Guid Id, string Name);

public sealed record AuthorityOption(Guid Id, string Name, string Kind);

public static class ConsentStatuses
{
    public const string Valid = "gällande";
    public const string NotYetValid = "ännu inte giltigt";
    public const string Expired = "har gått ut";
    public const string Withdrawn = "återkallat";
}
