using Samverkan.Sekretess.Core.Cases;

namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>A code with its Swedish name.</summary>
public sealed record CodeName(string Code, string Name);

public static class PartyKinds
{
    public const string Municipality = "kommun";
    public const string Police = "polis";
}

/// <summary>Forum kinds the policies know (policies/schema/vocabulary.yaml, subject.agreementForums).</summary>
public static class ForumKinds
{
    public const string SteeringGroup = "styrgrupp";
    public const string LocalCrimePrevention = "lokala_bra";
    public const string SituationGroup = "lagesbildsgrupp";
    public static readonly IReadOnlyList<string> All = [SteeringGroup, LocalCrimePrevention, SituationGroup];
}

public static class ForumRoles
{
    public const string Chair = "ordforande";
    public const string Secretary = "sekreterare";
    public const string Member = "ledamot";
    public static readonly IReadOnlyList<string> All = [Chair, Secretary, Member];
}

/// <summary>The prioritised collaboration areas; five of them correspond to a case type for the follow-up statistics.</summary>
public static class AreaCodes
{
    public const string VulnerableVictims = "utsatta";
    public const string Sspf = "sspf";
    public const string Sig = "sig";
    public const string Defection = "avhopp";
    public const string Bob = "bob";
    public const string PublicSpace = "offentlig_miljo";
    public const string CriminalEconomy = "kriminell_ekonomi";

    public static readonly IReadOnlyList<CodeName> All =
    [
        new(VulnerableVictims, "Brott mot särskilt utsatta"),
        new(Sspf, "SSPF (skola, socialtjänst, polis, fritid)"),
        new(Sig, "SIG (social insatsgrupp)"),
        new(Defection, "Avhopparverksamhet"),
        new(Bob, "BOB (barn och unga i organiserad brottslighet)"),
        new(PublicSpace, "Tillgänglighet och trygghet i offentlig miljö"),
        new(CriminalEconomy, "Kriminell ekonomi och välfärdsbrott"),
    ];

    /// <summary>The case type whose cases the area follows up, if any.</summary>
    public static string? CaseType(string areaCode) => areaCode switch
    {
        VulnerableVictims => CaseTypes.Utsatta,
        Sspf => CaseTypes.Sspf,
        Sig => CaseTypes.Sig,
        Defection => CaseTypes.Avhopp,
        Bob => CaseTypes.Bob,
        _ => null,
    };

    public static string Name(string code) => All.FirstOrDefault(a => a.Code == code)?.Name ?? code;
}

public static class DocumentKinds
{
    public const string Agreement = "overenskommelse";
    public const string CitizenPromise = "medborgarlofte";
    public const string SituationAnalysis = "lagesbild";
    public const string MeasurePlan = "atgardsplan";
    public const string FollowUp = "uppfoljning";
    public const string Other = "annat";

    public static readonly IReadOnlyList<CodeName> All =
    [
        new(Agreement, "Undertecknad samverkansöverenskommelse"),
        new(CitizenPromise, "Medborgarlöfte"),
        new(SituationAnalysis, "Lägesbild (lag 2023:196)"),
        new(MeasurePlan, "Åtgärdsplan (lag 2023:196)"),
        new(FollowUp, "Uppföljning"),
        new(Other, "Annat"),
    ];

    public static string Name(string code) => All.FirstOrDefault(a => a.Code == code)?.Name ?? code;
}

public static class ActivityStatuses
{
    public const string Planned = "planerad";
    public const string Ongoing = "pagar";
    public const string Done = "klar";
    public const string Delayed = "forsenad";
    public const string Cancelled = "avbruten";

    public static readonly IReadOnlyList<CodeName> All =
        [new(Planned, "Planerad"), new(Ongoing, "Pågår"), new(Done, "Genomförd"), new(Delayed, "Försenad"), new(Cancelled, "Avbruten")];

    public static string Name(string code) => All.FirstOrDefault(a => a.Code == code)?.Name ?? code;
}

/// <summary>Event types of the weekly lägesbild (EST).</summary>
public static class EventTypes
{
    public static readonly IReadOnlyList<CodeName> All =
    [
        new("skadegorelse", "Skadegörelse"),
        new("klotter", "Klotter"),
        new("otrygghet", "Otrygghet"),
        new("narkotikahandel", "Narkotikahandel"),
        new("ordningsstorning", "Ordningsstörning"),
        new("ungdomssamling", "Ungdomssamlingar"),
        new("vald", "Våld eller hot"),
        new("brand", "Anlagd brand"),
        new("stold", "Stöld eller inbrott"),
        new("annat", "Annat"),
    ];

    public static string Name(string code) => All.FirstOrDefault(a => a.Code == code)?.Name ?? code;
}

/// <summary>Who the information came from (källa).</summary>
public static class ReportSources
{
    public static readonly IReadOnlyList<CodeName> All =
    [
        new("polis", "Polisen"),
        new("skola", "Skolan"),
        new("socialtjanst", "Socialtjänsten, fältgruppen"),
        new("fritid", "Fritidsgård, fritid"),
        new("trygghetsvard", "Kommunens trygghetsvärdar"),
        new("fastighet", "Fastighetsägare, bostadsbolag"),
        new("kollektivtrafik", "Kollektivtrafiken"),
        new("allmanhet", "Allmänheten, medborgardialog"),
        new("annan", "Annan källa"),
    ];

    public static string Name(string code) => All.FirstOrDefault(a => a.Code == code)?.Name ?? code;
}
