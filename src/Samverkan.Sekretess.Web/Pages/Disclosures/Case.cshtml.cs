using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Disclosures;

/// <summary>Utlämnanden och begäranden: what the caller's authority gave and received in the case, and requests both ways.</summary>
public sealed class CaseModel(DisclosureReads reads, InformationRequests requests, DisclosureWrites disclosures) : PageModel
{
    public CaseDisclosures? Data { get; private set; }
    [BindProperty] public Guid RequestTo { get; set; }
    [BindProperty] public string? RequestText { get; set; }
    [BindProperty] public Guid RequestId { get; set; } = Guid.NewGuid();
    [BindProperty] public string? DeclineReason { get; set; }
    public string? ErrorMessage { get; private set; }
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(Guid caseId, CancellationToken ct) =>
        Data = await reads.ForCaseAsync(ProcessContextFactory.For(User), caseId, ct);

    public async Task<IActionResult> OnPostRequestAsync(Guid caseId, CancellationToken ct)
    {
        try
        {
            await requests.CreateAsync(ProcessContextFactory.For(User), caseId, RequestTo, RequestText, RequestId, ct);
            Notice = "Begäran är skickad. Den andra myndigheten prövar den själv.";
            return Redirect($"/Disclosures/Case/{caseId}");
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            Data = await reads.ForCaseAsync(ProcessContextFactory.For(User), caseId, ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid caseId, Guid disclosureId, CancellationToken ct)
    {
        try
        {
            await disclosures.ApproveAsync(ProcessContextFactory.For(User), disclosureId, ct);
            Notice = "Du har godkänt utlämnandet som andra person. Mottagaren har fått en avisering.";
            return Redirect($"/Disclosures/Case/{caseId}");
        }
        catch (Exception e) when (e is InvalidCommandException or DisclosureRefusedException)
        {
            ErrorMessage = e.Message;
            Data = await reads.ForCaseAsync(ProcessContextFactory.For(User), caseId, ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostDeclineAsync(Guid caseId, Guid requestId, CancellationToken ct)
    {
        try
        {
            await requests.DeclineAsync(ProcessContextFactory.For(User), requestId, DeclineReason, ct);
            return Redirect($"/Disclosures/Case/{caseId}");
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            Data = await reads.ForCaseAsync(ProcessContextFactory.For(User), caseId, ct);
            return Page();
        }
    }
}
