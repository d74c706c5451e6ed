namespace Samverkan.Sekretess.Core.Access;

/// <summary>Subject attributes resolved from the database for one access (the PIP's view of the user).</summary>
internal sealed record Actor(string UserId, Guid AuthorityId, string AuthorityKind, string Role)
{
    /// <summary>Stands for an unknown, disabled or anonymous caller: no authority and no role, so no rule can permit.</summary>
    public static Actor Nobody(string? userId) => new(userId ?? "", Guid.Empty, "", "");

    public bool IsKnown => AuthorityId != Guid.Empty;
}
