using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Seeding;

/// <summary>The fictional Kristianstad demo: authorities and one user per persona (architecture.md §1).</summary>
public static class DemoPersonas
{
    /// <summary>Shared password of every demo user in the embedded default. Never used outside demo data.</summary>
    public const string Password = "Demo-Sekretess-2026";

    /// <summary>
    /// Shared TOTP secret (RFC 6238, base32, SHA-1, 6 digits, 30 s) with which every demo user is
    /// pre-enrolled for the second factor, so a newcomer can add it to any authenticator app and log in.
    /// Demo data only: real users enrol their own authenticator at first login.
    /// </summary>
    public const string TotpSecret = "SAMVERKANSEKRETESSDEMOTOTPNYCKEL";

    /// <summary>The same secret as an otpauth URI (for apps that accept a pasted URI or a QR code made from it).</summary>
    public static string TotpUri(string userName) =>
        $"otpauth://totp/Samverkan.Sekretess:{Uri.EscapeDataString(userName)}?secret={TotpSecret}&issuer=Samverkan.Sekretess&digits=6&period=30";

    public sealed record DemoAuthority(string Code, string Name, string Kind, string SecrecyRegime);

    public sealed record DemoUser(string UserName, string DisplayName, string AuthorityCode, string Role, string Unit);

    public static readonly IReadOnlyList<DemoAuthority> Authorities =
    [
        new("soc-kristianstad", "Socialnämnden, Kristianstads kommun", AuthorityKinds.SocialServices, "OSL 26 kap. 1 §"),
        new("utb-kristianstad", "Utbildningsnämnden, Kristianstads kommun", AuthorityKinds.School, "OSL 23 kap. 2 §"),
        new("kof-kristianstad", "Kultur- och fritidsnämnden, Kristianstads kommun", AuthorityKinds.Leisure, "OSL 21 kap. 1 och 3 §§"),
        new("polis-lpo-kristianstad", "Polismyndigheten, LPO Kristianstad", AuthorityKinds.Police, "OSL 18 kap., 35 kap. 1 §"),
    ];

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("socialsekreterare", "Alva Demosson (socialsekreterare)", "soc-kristianstad", Roles.SocialWorker, "Barn och unga"),
        new("skolkurator", "Bo Exempelsson (skolkurator)", "utb-kristianstad", Roles.SchoolCounsellor, "Elevhälsan, Österäng"),
        new("rektor", "Cilla Fiktiv (rektor)", "utb-kristianstad", Roles.Principal, "Österängsskolan"),
        new("kommunpolis", "Dan Påhittad (kommunpolis)", "polis-lpo-kristianstad", Roles.CommunityPolice, "LPO Kristianstad"),
        new("avhopparsamordnare", "Eva Testare (avhopparsamordnare)", "polis-lpo-kristianstad", Roles.DefectionCoordinator, "LPO Kristianstad"),
        new("fritidsledare", "Filip Låtsas (fritidsledare)", "kof-kristianstad", Roles.LeisureLeader, "Fritidsgården Näsby"),
        new("sspf-samordnare", "Greta Prov (SSPF-samordnare)", "soc-kristianstad", Roles.SspfCoordinator, "SSPF Kristianstad"),
        new("dataskyddsombud", "Hugo Granskare (dataskyddsombud)", "soc-kristianstad", Roles.DataProtectionOfficer, "Dataskydd"),
        new("systemforvaltare", "Ines Drift (systemförvaltare)", "soc-kristianstad", Roles.Administrator, "IT"),
        new("enhetschef", "Jonna Ledare (enhetschef)", "soc-kristianstad", Roles.UnitManager, "Barn och unga"),
        new("arkivarie", "Kim Arkivsson (arkivarie)", "soc-kristianstad", Roles.Archivist, "Arkiv och registratur"),
    ];
}
