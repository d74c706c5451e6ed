using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>
/// CSV export of a search (POST only: the filters may hold a personnummer). Core audits the export before a row
/// leaves; the rows are streamed, never buffered. X-Export-From/-To/-Order (the sequence range and its direction) let the
/// page's script draw a progress bar from the number of the last row received.
/// </summary>
public sealed class ExportModel(AuditSearch search) : PageModel
{
    [BindProperty] public IndexModel.SearchForm Form { get; set; } = new();
    public string? Problem { get; private set; }

    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var context = ProcessContextFactory.For(User, Purposes.LogReview);
        var query = Form.ToQuery() with { After = null };
        var export = await search.BeginExportAsync(context, query, ct);
        if (export.Problem is not null)
        {
            Problem = export.Problem;
            return Page();
        }

        var name = "loggutdrag-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".csv";
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        Response.Headers["X-Export-From"] = export.FromSequence.ToString(CultureInfo.InvariantCulture);
        Response.Headers["X-Export-To"] = export.ToSequence.ToString(CultureInfo.InvariantCulture);
        Response.Headers["X-Export-Order"] = query.OldestFirst ? "asc" : "desc";
        await export.WriteCsvAsync(Response.Body, ct);
        return new EmptyResult();
    }
}
