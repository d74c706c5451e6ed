using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Consents;

/// <summary>
/// Samtycken i ett ärende: the consents with their effective scope, the recorded guardians, and the form that documents
/// a new consent. Core decides every read (consent.read) and write (consent.record, guardian.create); a deny is a 404.
/// The request limit is raised here only (the app's is 1 MB): to twice the largest accepted attachment, so that a file a
/// little too large still reaches the handler and gets a Swedish answer with the rest of the form kept.
/// </summary>
[RequestSizeLimit(RequestLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = RequestLimit)]
public sealed class CaseModel(ConsentReads reads, ConsentWrites writes) : PageModel
{
    private const int RequestLimit = 2 * ConsentWrites.MaxAttachmentBytes;
    internal const string TooLargeMessage = "Bilagan får vara högst 5 MB. Välj en mindre fil (PDF, PNG eller JPEG); övriga uppgifter i formuläret är kvar.";

    public CaseConsents? Data { get; private set; }
    [BindProperty] public ConsentInput Input { get; set; } = new();
    [BindProperty] public GuardianInput Guardian { get; set; } = new();
    public string? ErrorMessage { get; private set; }
    public string? ErrorSection { get; private set; }

    public sealed class ConsentInput
    {
        /// <summary>Whose consent it is, when the case has more than one person (a server id in the body; null is the case's own person).</summary>
        public Guid? SubjectPersonId { get; set; }
        public List<Guid> Senders { get; set; } = [];
        public List<Guid> Recipients { get; set; } = [];
        public List<string> Categories { get; set; } = [];
        public DateOnly? ValidFrom { get; set; }
        public DateOnly? ValidTo { get; set; }
        public bool GivenBySubject { get; set; }
        public List<Guid> Guardians { get; set; } = [];
        public string? Maturity { get; set; }
        public string? CustodyException { get; set; }
        public string Form { get; set; } = ConsentForms.Written;
        public bool InformedOfConsequences { get; set; }
        public bool InformedOfRightToWithdraw { get; set; }
        public IFormFile? Attachment { get; set; }
        public Guid RequestId { get; set; } = Guid.NewGuid();
    }

    public sealed class GuardianInput
    {
        public string? Name { get; set; }
        public Guid RequestId { get; set; } = Guid.NewGuid();
    }

    public async Task OnGetAsync(Guid caseId, CancellationToken ct)
    {
        Data = await reads.ForCaseAsync(ProcessContextFactory.For(User), caseId, ct);
        Input.ValidFrom ??= DateOnly.FromDateTime(DateTime.Today);
        Input.ValidTo ??= Input.ValidFrom.Value.AddYears(1);
    }

    public async Task<IActionResult> OnPostRecordAsync(Guid caseId, CancellationToken ct)
    {
        byte[]? file = null;
        if (Input.Attachment is { Length: > 0 and <= ConsentWrites.MaxAttachmentBytes } upload)
        {
            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, ct);
            file = buffer.ToArray();
        }
        else if (Input.Attachment is { Length: > ConsentWrites.MaxAttachmentBytes })
        {
            return await FailAsync(caseId, "consent", TooLargeMessage, ct);
        }

        try
        {
            var id = await writes.RecordAsync(ProcessContextFactory.For(User), caseId, new RecordConsentCommand(Input.SubjectPersonId, Input.Senders, Input.Recipients, Input.Categories,
                Input.ValidFrom, Input.ValidTo, Input.GivenBySubject, Input.Guardians, Input.Maturity, Input.CustodyException, Input.Form,
                Input.InformedOfConsequences, Input.InformedOfRightToWithdraw, file, file is null ? null : Input.Attachment!.ContentType, Input.RequestId), ct);
            return Redirect($"/Consents/Details/{id}");
        }
        catch (InvalidCommandException e)
        {
            return await FailAsync(caseId, "consent", e.Message, ct);
        }
    }

    public async Task<IActionResult> OnPostGuardianAsync(Guid caseId, CancellationToken ct)
    {
        try
        {
            await writes.AddGuardianAsync(ProcessContextFactory.For(User), caseId, new AddGuardianCommand(Guardian.Name, Guardian.RequestId), ct);
            return Redirect($"/Consents/Case/{caseId}");
        }
        catch (InvalidCommandException e)
        {
            return await FailAsync(caseId, "guardian", e.Message, ct);
        }
    }

    private async Task<IActionResult> FailAsync(Guid caseId, string section, string message, CancellationToken ct)
    {
        (ErrorMessage, ErrorSection) = (message, section);
        Data = await reads.ForCaseAsync(ProcessContextFactory.For(User), caseId, ct);
        return Page();
    }
}
