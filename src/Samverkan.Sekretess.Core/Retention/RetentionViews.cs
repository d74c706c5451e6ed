namespace Samverkan.Sekretess.Core.Retention;

/// <summary>A thinning list as the arkivarie sees it: numbers, dates and the decision — never content or names of data subjects.</summary>
public sealed record ThinningRunView(
    Guid Id, string Period, string Status, string DecisionReference, string PlanVersion, DateTime ProposedAt, DateTime? DecidedAt, string? DecidedByName,
    string? DecisionNote, DateTime? ExecutedAt, int Candidates, int ToThin, int ToKeep, int Done, int HeldOpenCase, int HeldLegalHold,
    int HeldResearchSample, int HeldExemptType)
{
    public string StatusText => ThinningTexts.RunStatus(Status);
}

public sealed record ThinningCandidateView(
    string ResourceType, Guid ResourceId, string Document, string ClassId, string CaseReference, DateOnly EligibleAt, DateOnly? DueBy,
    string Disposition, string State, DateTime? DoneAt)
{
    public string StateText => ThinningTexts.CandidateState(State);
    public string ResourceTypeText => ThinningTexts.ResourceType(ResourceType);
}

public sealed record ThinningRunDetails(ThinningRunView Run, IReadOnlyList<ThinningCandidateView> Candidates);

public sealed record LegalHoldView(
    Guid Id, string Kind, string Reference, string Reason, string Target, DateTime PlacedAt, string PlacedByName, DateTime? LiftedAt, string? LiftedByName)
{
    public string KindText => LegalHoldKinds.Swedish(Kind);
    public bool Active => LiftedAt is null;
}

/// <summary>Place a hold on a case (by its reference) or on a person (by personnummer, found through the blind index).</summary>
public sealed record PlaceHoldCommand(string? CaseReference, string? PersonalNumber, string Kind, string Reference, string Reason);

/// <summary>Outcome of a form action: an error in plain Swedish, or success.</summary>
public sealed record RetentionResult(bool Succeeded, string? Error = null, Guid? Id = null)
{
    public static RetentionResult Ok(Guid? id = null) => new(true, null, id);
    public static RetentionResult Fail(string error) => new(false, error);
}

public static class ThinningTexts
{
    public static string RunStatus(string s) => s switch
    {
        ThinningRunStatuses.Proposed => "Föreslagen – väntar på arkivariens beslut",
        ThinningRunStatuses.Approved => "Godkänd – gallras av systemjobbet",
        ThinningRunStatuses.Rejected => "Avslagen – ingenting gallras",
        ThinningRunStatuses.Executed => "Verkställd",
        _ => s,
    };

    public static string CandidateState(string s) => s switch
    {
        CandidateStates.Pending => "Väntar",
        CandidateStates.Thinned => "Gallrad",
        CandidateStates.Delivered => "Levererad till arkivet",
        CandidateStates.Held => "Stoppad (gallringsstopp)",
        CandidateStates.Gone => "Fanns inte längre",
        _ => s,
    };

    public static string ResourceType(string t) => t switch
    {
        RetentionRecordTypes.Item => "Uppgift",
        RetentionRecordTypes.ActionPlan => "Åtgärd i åtgärdsplanen",
        RetentionRecordTypes.Consent => "Samtycke",
        RetentionRecordTypes.Disclosure => "Utlämnande (registerpost)",
        _ => t,
    };
}
