namespace Samverkan.Sekretess.Core.Agreement;

public sealed record AgreementListEntry(Guid Id, string Title, DateOnly ValidFrom, DateOnly ValidTo, bool MayRead, bool MayReport);

public sealed record AgreementOverview(
    Guid Id, string Title, string Municipality, string PoliceArea, DateOnly ValidFrom, DateOnly ValidTo, DateOnly? SignedOn,
    string Purpose, int LagesbildIntervalYears, IReadOnlyList<PartyView> Parties, IReadOnlyList<ForumView> Forums,
    IReadOnlyList<AreaView> Areas, IReadOnlyList<DocumentView> Documents, AgreementCapabilities Caller);

public sealed record PartyView(string Name, string Kind, string Signatory, string Responsibilities, IReadOnlyList<string> AuthorityNames);

public sealed record ForumView(Guid Id, string Kind, string Name, string Purpose, string Cadence, string Composition, IReadOnlyList<ForumMemberView> Members);

public sealed record ForumMemberView(string DisplayName, string AuthorityName, string Role);

public sealed record AreaView(string Code, string Name, string Description, string Responsibilities);

public sealed record DocumentView(Guid Id, string Kind, string Title, bool IsFile, string? FileName, long SizeBytes, string? Sha256, string? Text, DateTime UploadedAt);

/// <summary>What the caller may do here, as decided by the PDP (used only to decide what the UI offers).</summary>
public sealed record AgreementCapabilities(
    IReadOnlyList<string> Forums, bool MayAddDocument, bool MayReport, bool MayReadLagesbild, bool MayRecordMeasure,
    bool MayReadPlan, bool MayEditPlan, bool MayReadStatistics);

public sealed record DocumentFile(string FileName, string ContentType, byte[] Content);

/// <summary>A new document; the server makes its id. <paramref name="RequestId"/> is the form's double-submit token, never an id.</summary>
public sealed record AddDocumentCommand(string Kind, string Title, string? Text, string? FileName, byte[]? Content, Guid? RequestId = null);

/// <summary>A party authority, for choosing who owns an activity or a measure.</summary>
public sealed record PartyAuthorityView(Guid Id, string Name);
