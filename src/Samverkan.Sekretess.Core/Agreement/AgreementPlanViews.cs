namespace Samverkan.Sekretess.Core.Agreement;

public sealed record ActivityView(
    Guid Id, string AreaCode, string Title, string Description, string OwnerAuthority, Guid OwnerAuthorityId, DateOnly Start, DateOnly End,
    string Status, string Indicator, string Target, string Outcome, Guid ConcurrencyStamp);

public sealed record PlanView(
    Guid AgreementId, string AgreementTitle, IReadOnlyList<AreaView> Areas, IReadOnlyList<ActivityView> Activities,
    IReadOnlyList<PartyAuthorityView> Owners, bool MayEdit);

/// <summary>A new activity; the server makes its id. <paramref name="RequestId"/> is the form's double-submit token, never an id.</summary>
public sealed record AddActivityCommand(
    string? AreaCode, string? Title, string? Description, Guid OwnerAuthorityId, DateOnly? Start, DateOnly? End, string? Indicator, string? Target,
    Guid? RequestId = null);

public sealed record UpdateActivityCommand(string? Status, string? Outcome, Guid ConcurrencyStamp);
