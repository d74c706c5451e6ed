namespace Samverkan.Sekretess.Core.Identity.Federation;

/// <summary>
/// An administrator's rule for federated sign-in: a person whose identity provider asserts
/// <see cref="ClaimType"/> = <see cref="ClaimValue"/> gets this authority, role and unit here. Without a matching rule
/// a federated person gets no access at all (no automatic role grant); several rules that disagree also give none.
/// </summary>
internal sealed class FederationMapping
{
    public Guid Id { get; set; }
    /// <summary>The provider's configuration name (Authentication:Federation:&lt;name&gt;).</summary>
    public string Provider { get; set; } = "";
    public string ClaimType { get; set; } = "";
    public string ClaimValue { get; set; } = "";
    public Guid AuthorityId { get; set; }
    public string Role { get; set; } = "";
    public string Unit { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedByUserId { get; set; } = "";
}
