using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Web.Auth;

namespace Samverkan.Sekretess.Web.Pages.Account;

/// <summary>New recovery codes (the old ones stop working), shown once; needs a fresh proof, is audited and notified.</summary>
[RequireFreshAuthentication]
public sealed class RecoveryCodesModel(UserManager<ApplicationUser> users, SecurityEvents events) : PageModel
{
    public IReadOnlyList<string> Codes { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null || !user.TwoFactorEnabled) return NotFound();
        Codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        await events.RecordCredentialChangeAsync(user.Id, SecurityActions.RecoveryCodesRenewed, NotificationKinds.AccountRecoveryCodesRenewed, ct);
        return Page();
    }
}
