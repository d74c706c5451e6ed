using Samverkan.Sekretess.Core.Agreement;

namespace Samverkan.Sekretess.Web.Pages.Agreement;

/// <summary>Swedish names for the agreement's codes.</summary>
public static class AgreementLabels
{
    public static string ForumKind(string code) => code switch
    {
        ForumKinds.SteeringGroup => "Strategisk styrgrupp",
        ForumKinds.LocalCrimePrevention => "Lokala Brå",
        ForumKinds.SituationGroup => "Lägesbildsgruppen (EST)",
        _ => code,
    };

    public static string ForumRole(string code) => code switch
    {
        ForumRoles.Chair => "ordförande",
        ForumRoles.Secretary => "sekreterare",
        ForumRoles.Member => "ledamot",
        _ => code,
    };
}
