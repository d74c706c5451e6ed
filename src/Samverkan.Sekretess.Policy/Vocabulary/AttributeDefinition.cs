namespace Samverkan.Sekretess.Policy.Vocabulary;

/// <summary>
/// One attribute of the closed vocabulary. <see cref="Slot"/> is its index in a request's value
/// arrays, so compiled conditions read values by index and never look names up at decision time.
/// </summary>
/// <param name="AllowedValues">For enumerated strings (and sets of them): the values a policy literal
/// may use. Null means free text (ids). Requests are not rejected for other values: an unexpected
/// value simply matches no literal, which can only lead to deny.</param>
internal sealed record AttributeDefinition(
    string Name,
    AttributeType Type,
    int Slot,
    string Description,
    IReadOnlyList<string>? AllowedValues);
