namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>
/// A samverkansöverenskommelse between a municipality and its local police area. It holds no personal
/// data: parties, forums, prioritised areas, documents and the agreement's own åtgärdsplan.
/// </summary>
internal sealed class CollaborationAgreement
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string Municipality { get; set; } = "";
    public string PoliceArea { get; set; } = "";
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidTo { get; set; }
    public string Purpose { get; set; } = "";
    /// <summary>How often the municipality renews its lägesbild and åtgärdsplan under this agreement (years).</summary>
    public int LagesbildIntervalYears { get; set; } = 2;
    public DateOnly? SignedOn { get; set; }
    public List<AgreementParty> Parties { get; set; } = [];
    public List<Forum> Forums { get; set; } = [];
    public List<PrioritisedArea> Areas { get; set; } = [];
}

/// <summary>A signing party (kommunen, Polismyndigheten) and the authorities in this system that act for it.</summary>
internal sealed class AgreementParty
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>One of <see cref="PartyKinds"/>.</summary>
    public string Kind { get; set; } = "";
    public string Signatory { get; set; } = "";
    /// <summary>What the party is responsible for under the agreement (ansvar).</summary>
    public string Responsibilities { get; set; } = "";
    public List<AgreementPartyAuthority> Authorities { get; set; } = [];
}

internal sealed class AgreementPartyAuthority
{
    public Guid PartyId { get; set; }
    public Guid AuthorityId { get; set; }
}

/// <summary>A forum of the agreement (styrgrupp, Lokala Brå, Lägesbildsgruppen) with its cadence and members.</summary>
internal sealed class Forum
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    /// <summary>One of <see cref="ForumKinds"/>; the policies decide by kind.</summary>
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string Purpose { get; set; } = "";
    /// <summary>Meeting cadence in words, e.g. "Varje vecka, tisdagar kl. 09.00".</summary>
    public string Cadence { get; set; } = "";
    /// <summary>Who sits in the forum by function (sammansättning), beyond the named users.</summary>
    public string Composition { get; set; } = "";
    public List<ForumMember> Members { get; set; } = [];
}

/// <summary>Membership is data: a user of this system in a forum, with a role in it.</summary>
internal sealed class ForumMember
{
    public Guid ForumId { get; set; }
    public string UserId { get; set; } = "";
    /// <summary>One of <see cref="ForumRoles"/>.</summary>
    public string Role { get; set; } = ForumRoles.Member;
}

/// <summary>A prioritised collaboration area (prioriterat samverkansområde) with its responsibilities.</summary>
internal sealed class PrioritisedArea
{
    public Guid Id { get; set; }
    public Guid AgreementId { get; set; }
    /// <summary>One of <see cref="AreaCodes"/>.</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Responsibilities { get; set; } = "";
    public int SortOrder { get; set; }
}
