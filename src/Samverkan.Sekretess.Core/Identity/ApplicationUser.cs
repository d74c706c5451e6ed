using Microsoft.AspNetCore.Identity;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>
/// A user of one authority. The authority, role and unit are the subject attributes the policy
/// decision point reads; <see cref="AttributesVerifiedAt"/> and <see cref="AttributeSource"/> record their provenance.
/// </summary>
public sealed class ApplicationUser : IdentityUser
{
    public Guid AuthorityId { get; set; }
    /// <summary>One of <see cref="Roles"/>.</summary>
    public string Role { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Unit { get; set; } = "";
    public string AttributeSource { get; set; } = "local";
    public DateTime AttributesVerifiedAt { get; set; }
    public bool Disabled { get; set; }
}
