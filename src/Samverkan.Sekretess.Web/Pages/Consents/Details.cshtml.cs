using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Consents;

/// <summary>The consent receipt (printable; "save as PDF" from the browser's print dialog) and withdrawal, which takes effect at once.</summary>
public sealed class DetailsModel(ConsentReads reads, ConsentWrites writes) : PageModel
{
    public ConsentView? Consent { get; private set; }
    [BindProperty] public string? WithdrawalNote { get; set; }
    public string? ErrorMessage { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) =>
        Consent = await reads.GetAsync(ProcessContextFactory.For(User), id, ct);

    public async Task<IActionResult> OnGetAttachmentAsync(Guid id, CancellationToken ct)
    {
        var (content, type) = await reads.GetAttachmentAsync(ProcessContextFactory.For(User), id, ct);
        // A neutral file name: the person's name never goes into a header or a URL.
        return File(content, type, $"samtycke-{id:N}{(type == "application/pdf" ? ".pdf" : type == "image/png" ? ".png" : ".jpg")}");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await writes.WithdrawAsync(ProcessContextFactory.For(User), id, new WithdrawConsentCommand(WithdrawalNote), ct);
            return Redirect($"/Consents/Details/{id}");
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            Consent = await reads.GetAsync(ProcessContextFactory.For(User), id, ct);
            return Page();
        }
    }
}
