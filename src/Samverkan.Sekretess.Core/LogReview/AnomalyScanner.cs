using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>
/// Runs the anomaly rules over new audit entries, in sequence order from a stored watermark, and stores a flag per
/// matching rule and entry. It computes facts per entry (see <see cref="AnomalySignals"/>) with a few set-based
/// queries per batch; rules themselves are data. One scanner at a time (advisory lock / in-process lock).
/// </summary>
internal sealed class AnomalyScanner(AnomalyRuleSet ruleSet, LinkIndex links, FieldProtector fields, TimeProvider clock)
{
    private const long ScanLockKey = 0x5A4D_5345_4B53; // fixed, distinct from the chain lock
    private const int BatchSize = 2000;
    private static readonly SemaphoreSlim LocalLock = new(1, 1);

    private sealed record Row(long Sequence, DateTime OccurredAt, string? ActorUserId, Guid? ActorAuthorityId, string ActorRole,
        string Action, string Decision, Guid? CaseId, Guid? PersonId, string ItemIds);

    /// <summary>Scans at most <paramref name="maxEntries"/> new entries; returns the number of flags raised.</summary>
    public async Task<int> ScanAsync(SekretessDbContext db, int maxEntries, CancellationToken ct)
    {
        await LocalLock.WaitAsync(ct);
        try
        {
            var raised = 0;
            var state = new ScanState();
            for (var done = 0; done < maxEntries;)
            {
                var (rows, flags) = await ScanBatchAsync(db, state, Math.Min(BatchSize, maxEntries - done), ct);
                raised += flags;
                done += rows;
                if (rows == 0) break;
            }

            return raised;
        }
        finally
        {
            LocalLock.Release();
        }
    }

    /// <summary>Per-call memory: running counts per user, so a batch border changes nothing.</summary>
    private sealed class ScanState
    {
        public readonly Dictionary<string, List<DateTime>> Denials = new(StringComparer.Ordinal);
        public readonly Dictionary<(string User, DateOnly Day), int> Today = [];
        public readonly Dictionary<(string User, DateOnly Day), double> Baseline = [];
        public readonly HashSet<(string Rule, string User, DateOnly Day)> Once = [];
    }

    private async Task<(int Rows, int Flags)> ScanBatchAsync(SekretessDbContext db, ScanState s, int take, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        // Inside a grant's write transaction (the nightly job, a round being created) the batch joins it, so the flags commit
        // with the grant's entry; the lock is then held until that commit. Never inside a read grant: its snapshot predates the
        // lock, so it could read a stale watermark.
        var ambient = db.Database.CurrentTransaction;
        if (ambient is not null && db.Database.IsNpgsql() && ambient.GetDbTransaction().IsolationLevel == System.Data.IsolationLevel.RepeatableRead)
            throw new InvalidOperationException("The anomaly scan cannot run in a snapshot (read) transaction.");
        await using var own = ambient is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ScanLockKey})", ct);
        var watermark = await db.AnomalyScanStates.FirstOrDefaultAsync(x => x.Id == 1, ct);
        if (watermark is null)
        {
            watermark = new AnomalyScanState { Id = 1 };
            db.AnomalyScanStates.Add(watermark);
        }

        var after = watermark.LastSequence;
        var rows = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(take)
            .Select(e => new Row(e.Sequence, e.OccurredAt, e.ActorUserId, e.ActorAuthorityId, e.ActorRole, e.Action, e.Decision, e.CaseId, e.PersonId, e.ItemIds))
            .ToListAsync(ct);
        if (rows.Count == 0) return (0, 0);

        var context = await BatchContext.LoadAsync(db,
            rows.Where(r => r.PersonId is not null).Select(r => r.PersonId!.Value).Distinct().ToList(),
            rows.Where(r => r.CaseId is not null).Select(r => r.CaseId!.Value).Distinct().ToList(),
            rows.Where(r => r.ActorUserId is not null).Select(r => r.ActorUserId!).Distinct().ToList(), links, fields, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var flags = 0;
        foreach (var row in rows)
        {
            var facts = await FactsAsync(db, s, context, row, ct);
            foreach (var rule in ruleSet.Rules)
            {
                if (!rule.Matches(facts)) continue;
                if (rule.OncePerActorDay && row.ActorUserId is { } user)
                {
                    var day = SwedishTime.LocalDate(row.OccurredAt);
                    if (!s.Once.Add((rule.Id, user, day)) || await FlaggedTodayAsync(db, rule.Id, user, day, ct)) continue;
                }

                db.AuditFlags.Add(new AuditFlag { Sequence = row.Sequence, RuleId = rule.Id, Severity = rule.Severity, FlaggedAt = now });
                flags++;
            }
        }

        watermark.LastSequence = rows[^1].Sequence;
        watermark.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        if (own is not null) await own.CommitAsync(ct);
        return (rows.Count, flags);
    }

    private static async Task<bool> FlaggedTodayAsync(SekretessDbContext db, string ruleId, string user, DateOnly day, CancellationToken ct)
    {
        var start = SwedishTime.StartOfDayUtc(day);
        var end = SwedishTime.StartOfDayUtc(day.AddDays(1));
        return await (from f in db.AuditFlags
                      join e in db.AuditEntries on f.Sequence equals e.Sequence
                      where f.RuleId == ruleId && e.ActorUserId == user && e.OccurredAt >= start && e.OccurredAt < end
                      select f.Id).AnyAsync(ct);
    }

    private async Task<Dictionary<string, object?>> FactsAsync(SekretessDbContext db, ScanState s, BatchContext c, Row row, CancellationToken ct)
    {
        var settings = ruleSet.Settings;
        var local = SwedishTime.ToLocal(row.OccurredAt);
        var time = TimeOnly.FromDateTime(local);
        var facts = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [AnomalySignals.Action] = row.Action,
            [AnomalySignals.Decision] = row.Decision,
            [AnomalySignals.ActorRole] = row.ActorRole,
            [AnomalySignals.ActorIsUser] = row.ActorUserId is not null,
            [AnomalySignals.OutsideWorkingHours] = !settings.WorkingDays.Contains(local.DayOfWeek) || time < settings.WorkdayStart || time >= settings.WorkdayEnd,
            [AnomalySignals.ResultCount] = (double)(string.IsNullOrEmpty(row.ItemIds) ? 0 : row.ItemIds.Count(ch => ch == ',') + 1),
            [AnomalySignals.PersonProtected] = row.PersonId is { } p ? c.ProtectedPersons.Contains(p) : null,
        };
        if (row.CaseId is { } caseId && c.KnownCases.Contains(caseId))
        {
            facts[AnomalySignals.ActorIsCaseMember] = row.ActorUserId is { } u && c.Members.Contains((caseId, u));
            facts[AnomalySignals.ActorAuthorityParticipates] = row.ActorAuthorityId is { } a && c.Participants.Contains((caseId, a));
        }

        if (row.ActorUserId is not { } user) return facts;
        if (row.PersonId is { } person)
        {
            facts[AnomalySignals.SameSurname] = c.Linked(LinkIndex.Surname, user, person);
            facts[AnomalySignals.SameAddress] = c.Linked(LinkIndex.Address, user, person);
        }

        if (row.Decision == "deny") facts[AnomalySignals.DeniedInWindow] = (double)await DenialsInWindowAsync(db, s, user, row, ct);
        if (row.Decision == "permit" && settings.VolumeActionPrefixes.Any(prefix => row.Action.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var day = DateOnly.FromDateTime(local);
            var today = await EntriesTodayAsync(db, s, user, day, row, ct);
            var baseline = await BaselineAsync(db, s, user, day, ct);
            facts[AnomalySignals.EntriesToday] = (double)today;
            facts[AnomalySignals.VolumeRatio] = today / Math.Max(baseline, 1.0);
        }

        return facts;
    }

    private async Task<int> DenialsInWindowAsync(SekretessDbContext db, ScanState s, string user, Row row, CancellationToken ct)
    {
        var window = ruleSet.Settings.DeniedWindow;
        if (!s.Denials.TryGetValue(user, out var times))
        {
            var since = row.OccurredAt - window;
            var from = await AuditTimeline.FirstAtOrAfterAsync(db, since, ct); // the window only, not the user's whole history
            times = await db.AuditEntries.AsNoTracking()
                .Where(e => e.ActorUserId == user && e.Sequence >= from && e.Sequence < row.Sequence && e.Decision == "deny" && e.OccurredAt >= since)
                .Select(e => e.OccurredAt).ToListAsync(ct);
            s.Denials[user] = times;
        }

        times.Add(row.OccurredAt);
        times.RemoveAll(t => t < row.OccurredAt - window);
        return times.Count;
    }

    private async Task<int> EntriesTodayAsync(SekretessDbContext db, ScanState s, string user, DateOnly day, Row row, CancellationToken ct)
    {
        if (!s.Today.TryGetValue((user, day), out var count))
        {
            var start = SwedishTime.StartOfDayUtc(day);
            count = await CountVolumeAsync(db, user, start, row.OccurredAt, row.Sequence, ct);
        }

        s.Today[(user, day)] = ++count;
        return count;
    }

    private async Task<double> BaselineAsync(SekretessDbContext db, ScanState s, string user, DateOnly day, CancellationToken ct)
    {
        if (s.Baseline.TryGetValue((user, day), out var baseline)) return baseline;
        var days = ruleSet.Settings.VolumeHistoryDays;
        var start = SwedishTime.StartOfDayUtc(day.AddDays(-days));
        var end = SwedishTime.StartOfDayUtc(day);
        baseline = await CountVolumeAsync(db, user, start, end, long.MaxValue, ct) / (double)days;
        s.Baseline[(user, day)] = baseline;
        return baseline;
    }

    private async Task<int> CountVolumeAsync(SekretessDbContext db, string user, DateTime from, DateTime to, long beforeSequence, CancellationToken ct)
    {
        var prefixes = ruleSet.Settings.VolumeActionPrefixes;
        // The time window as a sequence range, so (ActorUserId, Sequence) reads the window, not the user's whole history.
        var (first, windowEnd) = await AuditTimeline.RangeAsync(db, from, to, ct);
        var end = Math.Min(beforeSequence, windowEnd);
        var q = db.AuditEntries.AsNoTracking().Where(e => e.ActorUserId == user && e.Sequence >= first && e.Sequence < end
            && e.Decision == "permit" && e.OccurredAt >= from && e.OccurredAt < to);
        // Prefixes are few (settings); counted per prefix so each is a plain LIKE the index can help with.
        var sum = 0;
        foreach (var prefix in prefixes) sum += await q.CountAsync(e => e.Action.StartsWith(prefix), ct);
        return sum;
    }
}
