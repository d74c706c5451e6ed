namespace Samverkan.Sekretess.Core.Identity;

/// <summary>The persona roles (architecture.md §1). The policies decide what each may do.</summary>
public static class Roles
{
    public const string SocialWorker = "socialsekreterare";
    public const string SchoolCounsellor = "skolkurator";
    public const string Principal = "rektor";
    public const string CommunityPolice = "kommunpolis";
    public const string DefectionCoordinator = "avhopparsamordnare";
    public const string LeisureLeader = "fritidsledare";
    public const string SspfCoordinator = "sspf_samordnare";
    public const string DataProtectionOfficer = "dataskyddsombud";
    public const string Administrator = "systemforvaltare";
    /// <summary>Unit manager: the monthly log follow-up (loggkontroll) of the own unit's users; no case content.</summary>
    public const string UnitManager = "enhetschef";

    /// <summary>Every role, for validation of administrative input.</summary>
    public static readonly IReadOnlyList<string> All =
        [SocialWorker, SchoolCounsellor, Principal, CommunityPolice, DefectionCoordinator, LeisureLeader, SspfCoordinator, DataProtectionOfficer, Administrator, UnitManager];
}
