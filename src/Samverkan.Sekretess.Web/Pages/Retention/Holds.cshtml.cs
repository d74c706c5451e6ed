using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Retention;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Retention;

/// <summary>Gallringsstopp: the DPO and the arkivarie place and lift holds on the own authority's records. Everyone else: 404.</summary>
public sealed class HoldsModel(LegalHolds holds) : PageModel
{
    public IReadOnlyList<LegalHoldView> Holds { get; private set; } = [];
    [BindProperty] public HoldForm Form { get; set; } = new();
    public string? Error { get; private set; }

    public sealed class HoldForm
    {
        public string? CaseReference { get; set; }
        public string? PersonalNumber { get; set; }
        public string Kind { get; set; } = LegalHoldKinds.Jo;
        public string? Reference { get; set; }
        public string? Reason { get; set; }
    }

    private ProcessContext Context => ProcessContextFactory.For(User, Purposes.Archive);

    public async Task OnGetAsync(CancellationToken ct) => Holds = await holds.ListAsync(Context, ct);

    public async Task<IActionResult> OnPostPlaceAsync(CancellationToken ct)
    {
        var result = await holds.PlaceAsync(Context, new PlaceHoldCommand(Form.CaseReference, Form.PersonalNumber, Form.Kind, Form.Reference ?? "", Form.Reason ?? ""), ct);
        if (result.Succeeded) return RedirectToPage("/Retention/Holds");
        Error = result.Error;
        Holds = await holds.ListAsync(Context, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLiftAsync(Guid id, CancellationToken ct)
    {
        await holds.LiftAsync(Context, id, ct);
        return RedirectToPage("/Retention/Holds");
    }
}
