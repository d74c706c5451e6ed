namespace Samverkan.Sekretess.Core.Cases;

/// <summary>
/// Open a case for a person, found by personnummer through the blind index or created.
/// <paramref name="ParticipatingAuthorityIds"/> are the other authorities that take part (the lead authority always does).
/// </summary>
public sealed record OpenCaseCommand(string Type, string PersonalNumber, string PersonName, IReadOnlyList<Guid>? ParticipatingAuthorityIds = null);

/// <summary>
/// Add an item to the caller's own authority's part of a case. The owner is always the caller's authority.
/// <paramref name="RequestId"/> comes from the form: a second submit of the same form creates nothing new.
/// </summary>
public sealed record AddItemCommand(string Category, string Title, string Text, string? Contact = null, Guid? RequestId = null, string? DocumentType = null);

/// <summary>Edit an item; <paramref name="ConcurrencyStamp"/> is the version the editor saw.</summary>
public sealed record UpdateItemCommand(string Title, string Text, string? Contact, Guid ConcurrencyStamp);

/// <summary>A commitment in the joint action plan, owned by the caller's authority.</summary>
public sealed record AddActionPlanEntryCommand(string What, string Responsible, DateOnly DueDate, Guid? RequestId = null);

public sealed record UpdateActionPlanStatusCommand(string Status, Guid ConcurrencyStamp);
