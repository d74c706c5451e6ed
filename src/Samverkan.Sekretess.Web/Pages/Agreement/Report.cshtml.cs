using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Agreement;

/// <summary>A party's user files a place- and event-based report to the weekly lägesbild (lagesbild.create, decided in Core).</summary>
public sealed class ReportModel(LagesbildWrites writes) : PageModel
{
    public ReportForm? Form { get; private set; }
    [BindProperty] public string? EventType { get; set; }
    [BindProperty] public string? DistrictCode { get; set; }
    [BindProperty] public DateOnly? Date { get; set; }
    [BindProperty] public TimeOnly? Time { get; set; }
    [BindProperty] public string? Source { get; set; }
    [BindProperty] public string? Description { get; set; }
    /// <summary>The form's double-submit token (never an id: the server makes every id).</summary>
    [BindProperty] public Guid RequestId { get; set; } = Guid.NewGuid();
    public string? ErrorMessage { get; private set; }
    public bool SavedReport { get; private set; }

    public async Task OnGetAsync(Guid id, bool saved, CancellationToken ct)
    {
        Form = await writes.GetReportFormAsync(ProcessContextFactory.For(User, Purposes.Meeting), id, ct);
        Date = Form.Today;
        SavedReport = saved;
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var context = ProcessContextFactory.For(User, Purposes.Meeting);
        try
        {
            await writes.FileReportAsync(context, id, new FileReportCommand(EventType, DistrictCode, Date, Time, Source, Description, RequestId), ct);
            return Redirect($"/Agreement/Report/{id}?saved=true");
        }
        catch (InvalidCommandException e)
        {
            ErrorMessage = e.Message;
            Form = await writes.GetReportFormAsync(context, id, ct);
            return Page();
        }
    }
}
