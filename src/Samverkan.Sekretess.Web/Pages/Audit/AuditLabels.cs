using Samverkan.Sekretess.Core.LogReview;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>Swedish names for audit codes; unknown codes are shown as they are.</summary>
public static class AuditLabels
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["case.read"] = "Läste ärende", ["case.list"] = "Listade ärenden", ["case.create"] = "Öppnade ärende", ["case.close"] = "Avslutade ärende",
        ["case.reopen"] = "Återöppnade ärende", ["item.read"] = "Läste uppgift", ["item.create"] = "Skrev uppgift", ["item.update"] = "Ändrade uppgift",
        ["item.disclose"] = "Lämnade ut uppgift", ["actionplan.read"] = "Läste åtgärdsplan", ["actionplan.create"] = "Skrev i åtgärdsplan",
        ["actionplan.update"] = "Ändrade åtgärdsplan", ["person.search"] = "Sökte person", ["audit.read"] = "Läste loggen", ["audit.search"] = "Sökte i loggen",
        ["audit.export"] = "Exporterade loggen", ["audit.review"] = "Loggkontroll", ["audit.report"] = "Registerutdrag", ["audit.verify"] = "Kontrollerade loggkedjan",
        ["audit.checkpoint.export"] = "Exporterade kontrollpunkter", ["auth.password"] = "Lösenordssteg", ["auth.mfa.totp"] = "Tvåstegsverifiering",
        ["auth.mfa.recovery"] = "Återställningskod", ["auth.mfa.enrol"] = "Aktiverade tvåstegsverifiering", ["auth.lockout"] = "Kontot låstes",
        ["auth.logout"] = "Loggade ut", ["admin.read"] = "Administration", ["admin.user.create"] = "Lade upp användare",
        ["admin.user.disable"] = "Spärrade användare", ["admin.user.enable"] = "Aktiverade användare", ["system.seed"] = "Demodata",
        ["admin.overview"] = "Administration", ["admin.user.read"] = "Läste användarkonto", ["admin.user.reset"] = "Återställde inloggning",
        ["admin.federation.read"] = "Läste regler för federerad inloggning", ["admin.federation.create"] = "Lade till regel för federerad inloggning",
        ["admin.federation.remove"] = "Tog bort regel för federerad inloggning", ["admin.keys.read"] = "Läste nyckelstatus", ["admin.keys.rotate"] = "Bytte nyckel",
        ["admin.keys.reencrypt"] = "Krypterade om", ["admin.keys.reencrypt.result"] = "Omkrypteringens resultat", ["auth.firstsignin"] = "Första inloggningen (eget lösenord)",
    };

    public static string Action(string code) => Actions.GetValueOrDefault(code, code);

    public static string Outcome(string? code) => code switch
    {
        ReviewOutcomes.Ok => "Utan anmärkning",
        ReviewOutcomes.NeedsExplanation => "Behöver förklaras",
        ReviewOutcomes.Incident => "Incident",
        null => "Ej bedömd",
        _ => code,
    };

    public static string Severity(string code) => code switch
    {
        "hog" => "Hög",
        "medel" => "Medel",
        _ => "Låg",
    };

    public static string Status(string code) => code == ReviewStatuses.SignedOff ? "Signerad" : "Pågår";

    public static string Source(string code) => code == ReviewSources.Flag ? "Flaggad" : "Stickprov";

    public static string Local(DateTime utc) => Labels.LocalTime(utc, "yyyy-MM-dd HH:mm:ss");
}
