namespace Samverkan.Sekretess.Core.Cases;

/// <summary>A named participant: a user of a participating authority with a role in this case.</summary>
internal sealed class CaseMember
{
    public Guid CaseId { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>One of <see cref="CaseRoles"/>.</summary>
    public string CaseRole { get; set; } = "";
    public DateTime AddedAt { get; set; }
}

public static class CaseRoles
{
    public const string CaseOwner = "ansvarig_handlaggare";
    public const string Participant = "deltagare";
    public const string Coordinator = "samordnare";
    public static readonly IReadOnlyList<string> All = [CaseOwner, Participant, Coordinator];
}
