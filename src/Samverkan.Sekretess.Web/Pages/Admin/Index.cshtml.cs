using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Admin;

/// <summary>
/// Administration (systemförvaltare): authorities and user accounts, disabling and enabling users.
/// No case content. Core decides who may see it; anyone else gets 404 (the deny is audited).
/// </summary>
public sealed class IndexModel(UserAdministration administration) : PageModel
{
    public AdministrationOverview Overview { get; private set; } = new([], [], []);
    public string? Message { get; private set; }

    /// <summary>Outcome of the last change, as a code in the query (no personal data): disabled, enabled, created, failed.</summary>
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Overview = await administration.GetOverviewAsync(ProcessContextFactory.For(User), ct);
        Message = Status switch
        {
            "disabled" => "Användaren är spärrad. Spärren gäller från nästa begäran.",
            "enabled" => "Användaren är aktiverad igen.",
            "created" => "Användaren är upplagd. Vid första inloggningen aktiverar användaren tvåstegsverifiering.",
            "failed" => "Ändringen kunde inte göras. Du kan inte spärra ditt eget konto.",
            _ => null,
        };
    }

    public Task<IActionResult> OnPostDisableAsync(string userId, CancellationToken ct) => SetDisabledAsync(userId, true, ct);

    public Task<IActionResult> OnPostEnableAsync(string userId, CancellationToken ct) => SetDisabledAsync(userId, false, ct);

    private async Task<IActionResult> SetDisabledAsync(string userId, bool disabled, CancellationToken ct)
    {
        var changed = await administration.SetDisabledAsync(ProcessContextFactory.For(User), userId ?? "", disabled, ct);
        return RedirectToPage(new { status = changed ? (disabled ? "disabled" : "enabled") : "failed" });
    }

    public static string RoleLabel(string role) => role switch
    {
        Roles.SocialWorker => "Socialsekreterare",
        Roles.SchoolCounsellor => "Skolkurator",
        Roles.Principal => "Rektor",
        Roles.CommunityPolice => "Kommunpolis",
        Roles.DefectionCoordinator => "Avhopparsamordnare",
        Roles.LeisureLeader => "Fritidsledare",
        Roles.SspfCoordinator => "SSPF-samordnare",
        Roles.DataProtectionOfficer => "Dataskyddsombud",
        Roles.Administrator => "Systemförvaltare",
        Roles.UnitManager => "Enhetschef",
        Roles.Archivist => "Arkivarie",
        Roles.SystemIntegration => "Systemintegration",
        Roles.SystemJob => "Systemjobb",
        _ => role,
    };
}
