using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Web.Auth.Federation;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Admin;

/// <summary>
/// Attribute mappings for federated login (administrators only; others 404): which attribute value from which identity
/// provider gives which authority, role and unit. Without a mapping a federated person gets no access. A rule gives
/// accounts, so a systemförvaltare sees and makes only rules for the own authority, and the form offers only the
/// authorities and roles the policies would permit.
/// </summary>
public sealed class FederationModel(UserAdministration administration, IOptions<Dictionary<string, FederationProviderSettings>> providers) : PageModel
{
    [BindProperty] public string Provider { get; set; } = "";
    [BindProperty] public string ClaimType { get; set; } = "";
    [BindProperty] public string ClaimValue { get; set; } = "";
    [BindProperty] public Guid AuthorityId { get; set; }
    [BindProperty] public string Role { get; set; } = "";
    [BindProperty] public string Unit { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    public IReadOnlyList<FederationMappingView> Mappings { get; private set; } = [];
    public AccountOptions Options { get; private set; } = new([], []);
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public IReadOnlyList<string> Providers => providers.Value.Keys.Order(StringComparer.Ordinal).ToList();
    public string? Message => Status switch
    {
        "added" => "Regeln är tillagd. Den gäller från nästa inloggning via leverantören.",
        "removed" => "Regeln är borttagen. Den som bara hade den regeln nekas vid nästa inloggning.",
        _ => null,
    };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var result = await administration.AddFederationMappingAsync(ProcessContextFactory.For(User),
            new NewFederationMappingCommand(Provider ?? "", ClaimType ?? "", ClaimValue ?? "", AuthorityId, Role ?? "", Unit ?? ""), Providers, ct);
        if (result.Succeeded) return RedirectToPage(new { status = "added" });
        Errors = result.Errors;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken ct)
    {
        var removed = await administration.RemoveFederationMappingAsync(ProcessContextFactory.For(User), id, ct);
        return RedirectToPage(new { status = removed ? "removed" : null });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var context = ProcessContextFactory.For(User);
        Mappings = await administration.ListFederationMappingsAsync(context, ct);
        Options = await administration.GetNewFederationMappingOptionsAsync(context, ct);
    }
}
