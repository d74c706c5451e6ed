using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Pages.Audit;

/// <summary>
/// Loggens integritet: verify the whole chain in the background with a progress bar (the page polls ?handler=Status),
/// a precise report of the first broken entry, the result recorded in the log; and the signed checkpoints for download.
/// </summary>
public sealed class VerifyModel(AuditIntegrity integrity, AuditVerificationJobs jobs) : PageModel
{
    public IReadOnlyList<CheckpointFileView> Checkpoints { get; private set; } = [];
    public bool CheckpointsConfigured => integrity.CheckpointsConfigured;
    public VerificationStatus? Job { get; private set; }

    private ProcessContext Context => ProcessContextFactory.For(User, Purposes.LogReview);

    public async Task<IActionResult> OnGetAsync(Guid? job, CancellationToken ct)
    {
        Checkpoints = await integrity.ListCheckpointsAsync(Context, ct);
        if (job is { } id && (Job = jobs.Get(Context, id)) is null) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        var id = await jobs.StartAsync(Context, ct);
        return RedirectToPage("/Audit/Verify", new { job = id });
    }

    /// <summary>JSON for the progress script; 404 for anyone but the job's starter.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid job, CancellationToken ct)
    {
        await integrity.EnsureAllowedAsync(Context, ct);
        var status = jobs.Get(Context, job);
        if (status is null) return NotFound();
        var r = status.Report;
        return new JsonResult(new
        {
            status.Checked, status.Total, status.Done, status.Error,
            intact = r?.IsIntact, firstBroken = r?.FirstBrokenSequence, problem = r?.Problem,
            message = Message(status),
        });
    }

    public async Task<IActionResult> OnGetCheckpointsAsync(CancellationToken ct)
    {
        var buffer = new MemoryStream();
        if (!await integrity.ExportCheckpointsAsync(Context, buffer, ct)) return NotFound();
        buffer.Position = 0;
        return File(buffer, "application/zip", $"kontrollpunkter-{DateTime.UtcNow:yyyyMMdd-HHmmss}.zip");
    }

    public static string Message(VerificationStatus s)
    {
        if (!s.Done) return $"{s.Checked} av {s.Total} poster kontrollerade …";
        if (s.Error is { } e) return e;
        var r = s.Report!;
        // The comparison with the newest signed checkpoint is part of the answer: without one, a deleted tail cannot be seen.
        return r.IsIntact
            ? $"Loggkedjan är obruten: {r.EntriesChecked} poster kontrollerade. {(r.Tail is { } t ? t.Message + " " : "")}Resultatet är registrerat i loggen."
            : $"Loggkedjan är bruten vid post {r.FirstBrokenSequence}: {r.Problem} {r.EntriesChecked} poster före den verifierades. Resultatet är registrerat i loggen.";
    }
}
