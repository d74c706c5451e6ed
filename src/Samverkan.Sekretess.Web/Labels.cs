using Samverkan.Sekretess.Core.Cases;

namespace Samverkan.Sekretess.Web;

/// <summary>Swedish display names for codes.</summary>
public static class Labels
{
    public static string Status(string code) => code switch
    {
        CaseStatuses.Open => "Öppen",
        CaseStatuses.Closed => "Avslutad",
        CaseStatuses.Archived => "Arkiverad",
        _ => code,
    };

    public static string CaseType(string code) => code switch
    {
        CaseTypes.Sspf => "SSPF (skola, socialtjänst, polis, fritid)",
        CaseTypes.Sig => "SIG (social insatsgrupp)",
        CaseTypes.Bob => "BOB (barn och unga i organiserad brottslighet)",
        CaseTypes.Avhopp => "Avhopparverksamhet",
        CaseTypes.Utsatta => "Brott mot särskilt utsatta",
        _ => code,
    };

    public static string PlanStatus(string code) => code switch
    {
        ActionPlanStatuses.Planned => "Planerad",
        ActionPlanStatuses.Ongoing => "Pågår",
        ActionPlanStatuses.Done => "Klar",
        ActionPlanStatuses.Cancelled => "Avbruten",
        _ => code,
    };

    public static string CaseRole(string code) => code switch
    {
        CaseRoles.CaseOwner => "ansvarig handläggare",
        CaseRoles.Coordinator => "samordnare",
        CaseRoles.Participant => "deltagare",
        _ => code,
    };

    public static string Purpose(string code) => code switch
    {
        Core.Access.Purposes.CaseWork => "Handläggning",
        Core.Access.Purposes.Meeting => "Samverkansmöte",
        Core.Access.Purposes.FollowUp => "Uppföljning",
        Core.Access.Purposes.Supervision => "Tillsyn",
        Core.Access.Purposes.LogReview => "Loggkontroll",
        _ => code,
    };

    // Falls back to UTC on a machine without time-zone data rather than failing the page.
    private static readonly TimeZoneInfo Sweden =
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Stockholm", out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>A stored UTC time as Swedish local time (the audit page keeps UTC, and says so).</summary>
    public static string Channel(string code) => code switch
    {
        "system" => "I systemet",
        "meeting" => "Vid samverkansmöte",
        "phone" => "Per telefon",
        _ => code,
    };

    public static string Initiative(string code) => code switch
    {
        "on_request" => "På begäran",
        "own_initiative" => "På eget initiativ",
        _ => code,
    };

    public static string RequestStatus(string code) => code switch
    {
        "oppen" => "Väntar på beslut",
        "besvarad" => "Besvarad med utlämnande",
        "avslagen" => "Avslagen",
        _ => code,
    };

    public static string ConsentForm(string code) => code switch
    {
        "skriftligt" => "Skriftligt",
        "muntligt" => "Muntligt (dokumenterat av handläggaren)",
        _ => code,
    };

    public static string LocalTime(DateTime utc, string format = "yyyy-MM-dd HH:mm") =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Sweden).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
