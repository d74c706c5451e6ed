namespace Samverkan.Sekretess.Core.Authorities;

/// <summary>
/// A myndighet: each municipal committee (nämnd) and Polismyndigheten is its own authority, and
/// secrecy applies between them (OSL 8 kap. 1 §). Not protected content: names of authorities are public.
/// </summary>
internal sealed class Authority
{
    public Guid Id { get; set; }
    /// <summary>Stable short code, e.g. "soc-kristianstad". Used in policies and golden cases.</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>One of <see cref="AuthorityKinds"/>.</summary>
    public string Kind { get; set; } = "";
    /// <summary>The secrecy regime that protects this authority's information, e.g. "OSL 26:1".</summary>
    public string SecrecyRegime { get; set; } = "";
}
