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
    /// <summary>Systemförvaltare: administers the own authority's user accounts (with a second factor); no case content.</summary>
    public const string Administrator = "systemforvaltare";

    /// <summary>
    /// Gemensam systemförvaltare: administers every authority's user accounts, a separate role given explicitly (on the
    /// authorities' assignment) and decided by its own rule (ADM-R-001). No demo persona has it; no case content.
    /// </summary>
    public const string RegionalAdministrator = "systemforvaltare_region";

    /// <summary>Either administrator role (the menu hint; the policies decide what each may do).</summary>
    public static bool IsAdministrator(string? role) => role is Administrator or RegionalAdministrator;
    /// <summary>Unit manager: the monthly log follow-up (loggkontroll) of the own unit's users; no case content.</summary>
    public const string UnitManager = "enhetschef";

    /// <summary>Arkivarie: reviews and approves the own authority's thinning lists, places gallringsstopp; no case content.</summary>
    public const string Archivist = "arkivarie";

    /// <summary>
    /// A system integration (an API client using client credentials), acting for one authority. Never a person:
    /// it has no password and cannot sign in interactively; only rules that name this role permit it anything.
    /// </summary>
    public const string SystemIntegration = "systemintegration";

    /// <summary>
    /// The system's own background jobs (Hangfire), acting for one authority: ending shares whose basis ended, consent
    /// expiry, nightly checks, thinning. Never a person: no password, cannot sign in; only rules naming this role permit it.
    /// </summary>
    public const string SystemJob = "systemjobb";

    /// <summary>A system account (integration or background job): never a person, never signs in interactively.</summary>
    public static bool IsSystem(string? role) => role is SystemIntegration or SystemJob;

    /// <summary>
    /// Every role a person can have, for validation of administrative input (not the system roles). Which of them a given
    /// administrator may give is the policies' decision (ADM-F-001: only the regional role gives the regional role).
    /// </summary>
    public static readonly IReadOnlyList<string> All =
        [SocialWorker, SchoolCounsellor, Principal, CommunityPolice, DefectionCoordinator, LeisureLeader, SspfCoordinator, DataProtectionOfficer, Administrator, UnitManager, Archivist, RegionalAdministrator];
}
