using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Agreement;

/// <summary>Downloads an uploaded document (always as an attachment, never rendered inline). Decided and audited in Core.</summary>
public sealed class DocumentModel(AgreementReads reads) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var file = await reads.GetDocumentFileAsync(ProcessContextFactory.For(User, Purposes.Meeting), id, ct);
        return File(file.Content, file.ContentType, file.FileName);
    }
}
