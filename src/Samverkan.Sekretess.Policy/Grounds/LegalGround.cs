namespace Samverkan.Sekretess.Policy.Grounds;

/// <summary>
/// One entry of the legal-ground catalogue (<c>policies/legal-grounds.yaml</c>). It is data so that
/// lawyers can correct paragraph numbers, parties and dates without a code change.
/// </summary>
public sealed record LegalGround(
    string Key,
    string Title,
    string Provision,
    IReadOnlyList<string> Disclosers,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> RequiredAttributes,
    bool AnteckningRequired,
    bool ConsentCanRelease,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    string Confidence,
    string Description)
{
    /// <summary>True when the brief marks the ground unverified ([U]); the UI must flag it.</summary>
    public bool IsUnverified => Confidence == "U";
}
