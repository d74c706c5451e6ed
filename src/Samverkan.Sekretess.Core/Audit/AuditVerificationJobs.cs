using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>Progress of one background verification, as its starter polls it.</summary>
public sealed record VerificationStatus(Guid Id, long Checked, long Total, bool Done, AuditChainReport? Report, string? Error);

/// <summary>
/// Runs chain verifications in the background so the page can show progress (10 M entries take about a minute).
/// A job is visible only to the user who started it; the verification itself is decided and audited by
/// <see cref="AuditIntegrity"/>. State is in memory: with several web instances the page needs sticky sessions to
/// see progress (the result is in the audit log either way).
/// </summary>
public sealed class AuditVerificationJobs(IServiceScopeFactory scopes)
{
    private sealed class Job(string userId, long total)
    {
        public string UserId { get; } = userId;
        public long Total { get; } = total;
        public long Checked;
        public volatile bool Done;
        public AuditChainReport? Report;
        public string? Error;
    }

    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();

    /// <summary>Checks the caller may verify (a deny throws and is audited), then starts the job and returns its id.</summary>
    public async Task<Guid> StartAsync(ProcessContext context, CancellationToken ct)
    {
        long total;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var integrity = scope.ServiceProvider.GetRequiredService<AuditIntegrity>();
            await integrity.EnsureAllowedAsync(context, ct);
            total = await integrity.HeadSequenceAsync(ct);
        }

        var id = Guid.NewGuid();
        var job = new Job(context.UserId!, total);
        _jobs[id] = job;
        foreach (var old in _jobs.Where(j => j.Value.Done && j.Value.UserId == job.UserId && j.Key != id).Select(j => j.Key).ToList()) _jobs.TryRemove(old, out _);
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var progress = new Progress(job);
                job.Report = await scope.ServiceProvider.GetRequiredService<AuditIntegrity>().VerifyAsync(context, progress, CancellationToken.None);
                Interlocked.Exchange(ref job.Checked, job.Report.EntriesChecked);
            }
            catch (Exception e)
            {
                job.Error = e is AccessDeniedException ? "Åtkomst nekad." : "Kontrollen kunde inte slutföras.";
            }
            finally
            {
                job.Done = true;
            }
        }, CancellationToken.None);
        return id;
    }

    /// <summary>The job's status for its starter; null for anyone else or an unknown id (the page answers 404).</summary>
    public VerificationStatus? Get(ProcessContext context, Guid id) =>
        _jobs.TryGetValue(id, out var j) && j.UserId == context.UserId
            ? new VerificationStatus(id, Interlocked.Read(ref j.Checked), j.Total, j.Done, j.Report, j.Error)
            : null;

    private sealed class Progress(Job job) : IProgress<long>
    {
        public void Report(long value) => Interlocked.Exchange(ref job.Checked, value);
    }
}
