namespace Samverkan.Sekretess.Core.Cases;

/// <summary>Open a case for a person, found by personnummer through the blind index or created.</summary>
public sealed record OpenCaseCommand(string Type, string PersonalNumber, string PersonName);

/// <summary>Add an item to the caller's own authority's part of a case. The owner is always the caller's authority.</summary>
public sealed record AddItemCommand(string Category, string Title, string Text);
