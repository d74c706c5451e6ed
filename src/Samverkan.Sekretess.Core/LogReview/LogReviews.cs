using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>
/// Systematic log follow-up (loggkontroll, legal brief §4.5): per unit and month a random sample plus every flagged
/// entry, one reviewer, an outcome and note per entry, and a sign-off. The DPO works on the whole authority, the
/// enhetschef on the own unit. Every read and change is decided as audit.review and audited.
/// </summary>
public sealed class LogReviews
{
    private const int ScanPerRequest = 20_000;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AnomalyScanner _scanner;
    private readonly AnomalyRuleSet _rules;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal LogReviews(SekretessDbContext db, AccessGateway gateway, AnomalyScanner scanner, AnomalyRuleSet rules, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _scanner = scanner;
        _rules = rules;
        _fields = fields;
        _clock = clock;
    }

    public IReadOnlyList<AnomalyRuleView> Rules => _rules.Views;

    /// <summary>Runs the anomaly rules over entries not yet scanned (bounded per call; the background service does the rest).</summary>
    public async Task<int> RefreshFlagsAsync(ProcessContext context, CancellationToken ct) => await ScanAsPermittedAsync(context, ct);

    public async Task<ReviewDashboard> GetDashboardAsync(ProcessContext context, CancellationToken ct)
    {
        await ScanAsPermittedAsync(context, ct);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditReview, LogScope.Target("dashboard")), ct);
        return await grant.ReadAsync(async () =>
        {
            var scope = LogScope.Of(grant);
            var today = SwedishTime.LocalDate(_clock.GetUtcNow().UtcDateTime);
            var firstWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).AddDays(-7 * 11);
            var since = SwedishTime.StartOfDayUtc(firstWeek);
            var first = await AuditTimeline.FirstAtOrAfterAsync(_db, since, ct); // the twelve weeks only, not every flag ever raised
            var flagged = await (from f in _db.AuditFlags.AsNoTracking()
                                 join e in scope.Apply(_db.AuditEntries.AsNoTracking()) on f.Sequence equals e.Sequence
                                 where f.Sequence >= first && e.OccurredAt >= since
                                 select new { f.RuleId, e.OccurredAt }).ToListAsync(ct);
            var weeks = Enumerable.Range(0, 12).Select(i => firstWeek.AddDays(7 * i))
                .Select(w => new WeekCount(w, flagged.Count(f => WeekOf(SwedishTime.LocalDate(f.OccurredAt)) == w))).ToList();
            var byRule = _rules.Views.Select(r => (r, flagged.Count(f => f.RuleId == r.Id))).ToList();

            var rounds = await SummariesAsync(scope, null, ct);
            var outcomes = ReviewOutcomes.All.Select(o => (o, rounds.Sum(r => o switch
            {
                ReviewOutcomes.Incident => r.Incidents,
                ReviewOutcomes.NeedsExplanation => r.NeedsExplanation,
                _ => r.Decided - r.Incidents - r.NeedsExplanation,
            }))).ToList();
            var units = scope.Unit is { } own ? [own] : await _db.Users.AsNoTracking().Where(u => u.AuthorityId == scope.AuthorityId)
                .Select(u => u.Unit).Distinct().OrderBy(u => u).ToListAsync(ct);
            return new ReviewDashboard(weeks, rounds.Count(r => r.Status == ReviewStatuses.Open), rounds.Count(r => r.Status == ReviewStatuses.SignedOff),
                outcomes, byRule, rounds, units, await ReviewersAsync(scope, ct), scope.Unit);
        }, ct);
    }

    /// <summary>Creates the loggkontroll of <paramref name="unit"/> for <paramref name="period"/> (yyyy-MM); an existing one is returned.</summary>
    public async Task<ReviewResult> CreateRoundAsync(ProcessContext context, string period, string unit, string assignedToUserId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AuditReview, LogScope.Target()), ct);
        var scope = LogScope.Of(grant);
        if (scope.Unit is { } own) unit = own;
        if (!DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            return new(false, "Ange månad som ÅÅÅÅ-MM.");
        var today = SwedishTime.LocalDate(_clock.GetUtcNow().UtcDateTime);
        if (first > today) return new(false, "Månaden har inte börjat.");
        var authority = scope.AuthorityId;
        var unitUsers = await _db.Users.AsNoTracking().Where(u => u.AuthorityId == authority && u.Unit == unit).Select(u => u.Id).ToListAsync(ct);
        if (unitUsers.Count == 0) return new(false, "Enheten finns inte i din myndighet.");
        var reviewers = await ReviewersAsync(scope, ct);
        if (reviewers.All(r => r.UserId != assignedToUserId)) return new(false, "Välj en granskare (dataskyddsombud eller enhetschef i myndigheten).");
        var existing = await _db.ReviewRounds.AsNoTracking().Where(r => r.AuthorityId == authority && r.Period == period && r.Unit == unit)
            .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id) return new(true, null, id); // nothing new: no entry

        var roundId = await grant.CreateAsync(async newId =>
        {
            // The scan joins the grant's transaction: the flags the sample is drawn against commit with the round and its entry.
            await _scanner.ScanAsync(_db, ScanPerRequest, ct);
            var start = SwedishTime.StartOfDayUtc(first);
            var end = SwedishTime.StartOfDayUtc(first.AddMonths(1));
            // The month as a sequence range, so (ActorUserId, Sequence) reads the month, not each user's whole history.
            var (fromSequence, endSequence) = await AuditTimeline.RangeAsync(_db, start, end, ct);
            var candidates = _db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence >= fromSequence && e.Sequence < endSequence && e.ActorAuthorityId == authority && e.ActorUserId != null
                    && unitUsers.Contains(e.ActorUserId) && e.OccurredAt >= start && e.OccurredAt < end);
            var flagged = await candidates.Where(e => _db.AuditFlags.Any(f => f.Sequence == e.Sequence)).Select(e => e.Sequence).ToListAsync(ct);
            var all = await candidates.Select(e => e.Sequence).ToListAsync(ct);
            var sample = all.Except(flagged).ToArray();
            RandomNumberGenerator.Shuffle(sample.AsSpan());

            var round = new ReviewRound
            {
                Id = newId, AuthorityId = authority, Unit = unit, Period = period, CreatedAt = _clock.GetUtcNow().UtcDateTime, CreatedByUserId = grant.Actor.UserId,
                AssignedToUserId = assignedToUserId,
            };
            round.Items.AddRange(flagged.Select(s => new ReviewItem { Id = Guid.NewGuid(), Sequence = s, Source = ReviewSources.Flag }));
            round.Items.AddRange(sample.Take(_rules.Settings.SampleSize).Select(s => new ReviewItem { Id = Guid.NewGuid(), Sequence = s, Source = ReviewSources.Sample }));
            _db.ReviewRounds.Add(round);
        }, ct);
        return new(true, null, roundId);
    }

    public async Task<ReviewRoundView> GetRoundAsync(ProcessContext context, Guid roundId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditReview, LogScope.Target(roundId.ToString())), ct);
        var (scope, round) = await RoundInScopeAsync(grant, roundId, ct);
        return await grant.ReadAsync(async () =>
        {
            var items = await _db.ReviewItems.AsNoTracking().Where(i => i.RoundId == roundId).OrderBy(i => i.Sequence).ToListAsync(ct);
            var rows = await LogRows.BySequenceAsync(_db, items.Select(i => i.Sequence).ToList(), ct);
            var names = await NamesAsync(items.Select(i => i.DecidedByUserId).Append(round.AssignedToUserId).Append(round.SignedByUserId), ct);
            return new ReviewRoundView(round.Id, round.Period, round.Unit, round.AssignedToUserId, names.GetValueOrDefault(round.AssignedToUserId, ""),
                round.Status, round.SignedByUserId is null ? null : names.GetValueOrDefault(round.SignedByUserId), round.SignedAt,
                round.SignOffNoteCipher is null ? null : _fields.Unprotect(round.SignOffNoteCipher),
                items.Select(i => ToView(i, rows.GetValueOrDefault(i.Sequence), names)).ToList(), await ReviewersAsync(scope, ct), _rules.Views);
        }, ct);
    }

    public async Task<ReviewResult> RecordOutcomeAsync(ProcessContext context, Guid roundId, Guid itemId, string outcome, string? note, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AuditReview, LogScope.Target(roundId.ToString())), ct);
        var (_, round) = await RoundInScopeAsync(grant, roundId, ct);
        if (round.Status != ReviewStatuses.Open) return new(false, "Loggkontrollen är redan signerad.");
        if (!ReviewOutcomes.All.Contains(outcome)) return new(false, "Välj ett utfall.");
        if (outcome != ReviewOutcomes.Ok && string.IsNullOrWhiteSpace(note)) return new(false, "Skriv en anteckning när posten behöver förklaras eller är en incident.");
        if ((note?.Length ?? 0) > 4000) return new(false, "Anteckningen får vara högst 4 000 tecken.");
        var item = await _db.ReviewItems.FirstOrDefaultAsync(i => i.Id == itemId && i.RoundId == roundId, ct);
        if (item is null) return new(false, "Posten finns inte i loggkontrollen.");
        await grant.WriteAsync(() =>
        {
            item.Outcome = outcome;
            item.NoteCipher = string.IsNullOrWhiteSpace(note) ? null : _fields.Protect(note.Trim());
            item.DecidedAt = _clock.GetUtcNow().UtcDateTime;
            item.DecidedByUserId = grant.Actor.UserId;
            grant.Touch(itemId);
            return Task.CompletedTask;
        }, ct);
        return new(true, null, roundId);
    }

    public async Task<ReviewResult> AssignAsync(ProcessContext context, Guid roundId, string userId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AuditReview, LogScope.Target(roundId.ToString())), ct);
        var (scope, round) = await RoundInScopeAsync(grant, roundId, ct);
        if (round.Status != ReviewStatuses.Open) return new(false, "Loggkontrollen är redan signerad.");
        if ((await ReviewersAsync(scope, ct)).All(r => r.UserId != userId)) return new(false, "Välj en granskare i myndigheten.");
        await grant.WriteAsync(async () =>
        {
            var tracked = await _db.ReviewRounds.SingleAsync(r => r.Id == roundId, ct);
            tracked.AssignedToUserId = userId;
        }, ct);
        return new(true, null, roundId);
    }

    /// <summary>Signs off a round in which every entry has an outcome. Only the assigned reviewer or the DPO signs.</summary>
    public async Task<ReviewResult> SignOffAsync(ProcessContext context, Guid roundId, string? note, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AuditReview, LogScope.Target(roundId.ToString())), ct);
        var (_, round) = await RoundInScopeAsync(grant, roundId, ct);
        if (round.Status != ReviewStatuses.Open) return new(false, "Loggkontrollen är redan signerad.");
        if (round.AssignedToUserId != grant.Actor.UserId && grant.Actor.Role != Roles.DataProtectionOfficer)
            return new(false, "Bara den tilldelade granskaren eller dataskyddsombudet kan signera.");
        if (await _db.ReviewItems.AnyAsync(i => i.RoundId == roundId && i.Outcome == null, ct))
            return new(false, "Alla poster måste ha ett utfall innan loggkontrollen signeras.");
        await grant.WriteAsync(async () =>
        {
            var tracked = await _db.ReviewRounds.SingleAsync(r => r.Id == roundId, ct);
            tracked.Status = ReviewStatuses.SignedOff;
            tracked.SignedAt = _clock.GetUtcNow().UtcDateTime;
            tracked.SignedByUserId = grant.Actor.UserId;
            tracked.SignOffNoteCipher = string.IsNullOrWhiteSpace(note) ? null : _fields.Protect(note.Trim());
        }, ct);
        return new(true, null, roundId);
    }

    /// <summary>The period report: every round of the month, flags per rule, and every finding that was not "ok".</summary>
    public async Task<PeriodReport> GetPeriodReportAsync(ProcessContext context, string period, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            first = SwedishTime.LocalDate(_clock.GetUtcNow().UtcDateTime) is var t ? new DateOnly(t.Year, t.Month, 1) : default;
        period = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditReview, LogScope.Target("report:" + period)), ct);
        return await grant.ReadAsync(async () =>
        {
            var scope = LogScope.Of(grant);
            var start = SwedishTime.StartOfDayUtc(first);
            var end = SwedishTime.StartOfDayUtc(first.AddMonths(1));
            var rounds = await SummariesAsync(scope, period, ct);
            var roundIds = rounds.Select(r => r.Id).ToList();
            var (fromSequence, endSequence) = await AuditTimeline.RangeAsync(_db, start, end, ct); // the period as a sequence range (one index probe per bound)
            var flagged = await (from f in _db.AuditFlags.AsNoTracking()
                                 join e in scope.Apply(_db.AuditEntries.AsNoTracking()) on f.Sequence equals e.Sequence
                                 where f.Sequence >= fromSequence && f.Sequence < endSequence && e.OccurredAt >= start && e.OccurredAt < end
                                 select f.RuleId).ToListAsync(ct);
            var entries = await scope.Apply(_db.AuditEntries.AsNoTracking())
                .CountAsync(e => e.Sequence >= fromSequence && e.Sequence < endSequence && e.OccurredAt >= start && e.OccurredAt < end, ct);
            var findings = await _db.ReviewItems.AsNoTracking().Where(i => roundIds.Contains(i.RoundId) && i.Outcome != null && i.Outcome != ReviewOutcomes.Ok)
                .OrderBy(i => i.Sequence).ToListAsync(ct);
            var rows = await LogRows.BySequenceAsync(_db, findings.Select(f => f.Sequence).ToList(), ct);
            var names = await NamesAsync(findings.Select(f => f.DecidedByUserId), ct);
            var authorityName = await _db.Authorities.AsNoTracking().Where(a => a.Id == scope.AuthorityId).Select(a => a.Name).FirstAsync(ct);
            return new PeriodReport(period, authorityName, _clock.GetUtcNow().UtcDateTime, rounds,
                _rules.Views.Select(r => (r, flagged.Count(f => f == r.Id))).ToList(),
                findings.Select(f => ToView(f, rows.GetValueOrDefault(f.Sequence), names)).ToList(), entries);
        }, ct);
    }

    /// <summary>
    /// Brings the flags up to date for a permitted reviewer. The scanner commits batch by batch under its own lock, which a
    /// read grant's snapshot cannot hold, so it runs after the decision (a deny is audited) and before the read's own
    /// grant; the decision's grant reads and returns nothing, so it ends without an entry.
    /// </summary>
    private async Task<int> ScanAsPermittedAsync(ProcessContext context, CancellationToken ct)
    {
        var permitted = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditReview, LogScope.Target()), ct);
        await permitted.DisposeAsync();
        return await _scanner.ScanAsync(_db, ScanPerRequest, ct);
    }

    private ReviewItemView ToView(ReviewItem i, AuditSearchRow? row, IReadOnlyDictionary<string, string> names) =>
        new(i.Id, i.Source, row, i.Outcome, i.NoteCipher is null ? null : _fields.Unprotect(i.NoteCipher), i.DecidedAt,
            i.DecidedByUserId is null ? null : names.GetValueOrDefault(i.DecidedByUserId));

    private async Task<(LogScope Scope, ReviewRound Round)> RoundInScopeAsync(AccessGateway.Grant grant, Guid roundId, CancellationToken ct)
    {
        var scope = LogScope.Of(grant);
        var round = await _db.ReviewRounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        // Another authority's round, another unit's round or no round at all: the same 404, and the attempt is audited.
        if (round is null || round.AuthorityId != scope.AuthorityId || (scope.Unit is { } unit && round.Unit != unit))
            throw await grant.RefuseAsync(null, ct);
        return (scope, round);
    }

    private async Task<List<ReviewRoundSummary>> SummariesAsync(LogScope scope, string? period, CancellationToken ct)
    {
        var authority = scope.AuthorityId;
        var rounds = await _db.ReviewRounds.AsNoTracking()
            .Where(r => r.AuthorityId == authority && (scope.Unit == null || r.Unit == scope.Unit) && (period == null || r.Period == period))
            .OrderByDescending(r => r.Period).ThenBy(r => r.Unit)
            .Select(r => new
            {
                r.Id, r.Period, r.Unit, r.AssignedToUserId, r.Status, r.CreatedAt, r.SignedAt, Items = r.Items.Count(),
                Decided = r.Items.Count(i => i.Outcome != null),
                Needs = r.Items.Count(i => i.Outcome == ReviewOutcomes.NeedsExplanation),
                Incidents = r.Items.Count(i => i.Outcome == ReviewOutcomes.Incident),
            }).ToListAsync(ct);
        var names = await NamesAsync(rounds.Select(r => r.AssignedToUserId), ct);
        return rounds.Select(r => new ReviewRoundSummary(r.Id, r.Period, r.Unit, names.GetValueOrDefault(r.AssignedToUserId, ""), r.Status, r.Items,
            r.Decided, r.Needs, r.Incidents, r.CreatedAt, r.SignedAt)).ToList();
    }

    private async Task<List<ReviewerOption>> ReviewersAsync(LogScope scope, CancellationToken ct)
    {
        var authority = scope.AuthorityId;
        return await _db.Users.AsNoTracking()
            .Where(u => u.AuthorityId == authority && !u.Disabled && (u.Role == Roles.DataProtectionOfficer
                || (u.Role == Roles.UnitManager && (scope.Unit == null || u.Unit == scope.Unit))))
            .OrderBy(u => u.DisplayName).Select(u => new ReviewerOption(u.Id, u.DisplayName)).ToListAsync(ct);
    }

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string?> ids, CancellationToken ct)
    {
        var list = ids.OfType<string>().Distinct().ToList();
        return await _db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    private static DateOnly WeekOf(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
}
