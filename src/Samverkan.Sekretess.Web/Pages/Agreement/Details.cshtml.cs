using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Agreement;

/// <summary>
/// The agreement: parties, forums and members, prioritised areas, documents. Who may read or add is decided in Core;
/// a deny is a 404. The request limit is raised here only, just above the largest accepted PDF.
/// </summary>
[RequestSizeLimit(AgreementWrites.MaxFileBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = AgreementWrites.MaxFileBytes + 64 * 1024)]
public sealed class DetailsModel(AgreementReads reads, AgreementWrites writes) : PageModel
{
    public AgreementOverview? Agreement { get; private set; }
    [BindProperty] public string Kind { get; set; } = DocumentKinds.CitizenPromise;
    [BindProperty] public string DocumentTitle { get; set; } = "";
    [BindProperty] public string? DocumentText { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    /// <summary>The form's double-submit token (never an id: the server makes every id).</summary>
    [BindProperty] public Guid RequestId { get; set; } = Guid.NewGuid();
    public string? ErrorMessage { get; private set; }
    public bool Saved { get; private set; }

    public async Task OnGetAsync(Guid id, bool saved, CancellationToken ct)
    {
        Saved = saved;
        Agreement = await reads.GetOverviewAsync(ProcessContextFactory.For(User, Purposes.Meeting), id, ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var context = ProcessContextFactory.For(User, Purposes.Meeting);
        try
        {
            byte[]? content = null;
            if (Upload is { Length: > 0 })
            {
                if (Upload.Length > AgreementWrites.MaxFileBytes) throw new InvalidCommandException($"Filen är för stor (högst {AgreementWrites.MaxFileBytes / 1024 / 1024} MB).");
                using var buffer = new MemoryStream((int)Upload.Length);
                await Upload.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }

            await writes.AddDocumentAsync(context, id, new AddDocumentCommand(Kind, DocumentTitle, DocumentText, Upload?.FileName, content, RequestId), ct);
            return Redirect($"/Agreement/Details/{id}?saved=true#add-document");
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            Agreement = await reads.GetOverviewAsync(context, id, ct);
            return Page();
        }
    }
}
