using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Admin;

/// <summary>Key rotation for the encrypted fields and second-factor secrets (systemförvaltare only; others 404). Never shows key material.</summary>
public sealed class KeysModel(UserAdministration administration) : PageModel
{
    public KeyStatus Status { get; private set; } = new(Guid.Empty, 0);
    [BindProperty(SupportsGet = true, Name = "done")] public int? ReEncrypted { get; set; }
    [BindProperty(SupportsGet = true, Name = "left")] public int? Remaining { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Status = await administration.GetKeyStatusAsync(ProcessContextFactory.For(User), ct);

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken ct) => Done(await administration.RotateAndReEncryptAsync(ProcessContextFactory.For(User), rotate: true, ct));

    public async Task<IActionResult> OnPostReEncryptAsync(CancellationToken ct) => Done(await administration.RotateAndReEncryptAsync(ProcessContextFactory.For(User), rotate: false, ct));

    private RedirectToPageResult Done(Core.Protection.ReEncryptionResult result) => RedirectToPage(new { done = result.ReEncrypted, left = result.Remaining });
}
