using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Admin;

/// <summary>
/// Administration: the authorities and user accounts the caller administers, disabling, enabling and resetting them.
/// No case content. Core decides who may see what (a systemförvaltare only the own authority); anyone else gets 404 (the
/// deny is audited). The page offers only what the policies would permit.
/// </summary>
public sealed class IndexModel(UserAdministration administration) : PageModel
{
    public AdministrationOverview Overview { get; private set; } = new([], [], []);
    public AdministrationMenu Menu { get; private set; } = new(false, false, false);
    public string? Message { get; private set; }

    /// <summary>Outcome of the last change, as a code in the query (no personal data): disabled, enabled, failed.</summary>
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var context = ProcessContextFactory.For(User);
        Overview = await administration.GetOverviewAsync(context, ct);
        Menu = await administration.GetMenuAsync(context, ct);
        Message = Status switch
        {
            "disabled" => "Användaren är spärrad. Spärren gäller från nästa begäran.",
            "enabled" => "Användaren är aktiverad igen.",
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
        Roles.RegionalAdministrator => "Gemensam systemförvaltare",
        Roles.UnitManager => "Enhetschef",
        Roles.Archivist => "Arkivarie",
        Roles.SystemIntegration => "Systemintegration",
        Roles.SystemJob => "Systemjobb",
        _ => role,
    };
}
