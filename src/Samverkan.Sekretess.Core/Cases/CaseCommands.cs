namespace Samverkan.Sekretess.Core.Cases;

/// <summary>
/// Open a case for a person, found by personnummer through the blind index or created.
/// <paramref name="ParticipatingAuthorityIds"/> are the other authorities that take part (the lead authority always does).
/// </summary>
public sealed record OpenCaseCommand(string Type, string PersonalNumber, string PersonName, IReadOnlyList<Guid>? ParticipatingAuthorityIds = null);

/// <summary>
/// Add an item to the caller's own authority's part of a case. The owner is always the caller's authority, the id is
/// made by the server. <paramref name="RequestId"/> is the form's double-submit token: a second submit of the same form
/// by the same user creates nothing new (the token is stored apart and never becomes an id). The item is about the
/// case's person and, when named, <paramref name="OtherSubjectIds"/> (persons of the case) and
/// <paramref name="NewSubject"/> (a person added on the form).
/// </summary>
public sealed record AddItemCommand(string Category, string Title, string Text, string? Contact = null, Guid? RequestId = null, string? DocumentType = null,
    IReadOnlyList<Guid>? OtherSubjectIds = null, NewPersonCommand? NewSubject = null);

/// <summary>A further person an item is about, given by personnummer and name on the item form.</summary>
public sealed record NewPersonCommand(string? PersonalNumber, string? Name);

/// <summary>Edit an item; <paramref name="ConcurrencyStamp"/> is the version the editor saw.</summary>
/// <summary>An edit of an item. <see cref="KeepContact"/> leaves the stored contact details as they are (the editor could not see them).</summary>
public sealed record UpdateItemCommand(string Title, string Text, string? Contact, Guid ConcurrencyStamp, bool KeepContact = false);

/// <summary>A commitment in the joint action plan, owned by the caller's authority.</summary>
public sealed record AddActionPlanEntryCommand(string What, string Responsible, DateOnly DueDate, Guid? RequestId = null);

public sealed record UpdateActionPlanStatusCommand(string Status, Guid ConcurrencyStamp);
