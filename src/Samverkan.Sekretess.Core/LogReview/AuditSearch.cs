using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>
/// Search and CSV export of the access log for the DPO (own authority) and the enhetschef (own unit).
/// Metadata only, never case content. Every search and export is itself an audit entry (audit.search,
/// audit.export) naming the person and case searched for, so the DPO's own work is reviewable.
/// </summary>
public sealed class AuditSearch
{
    private const int MaxPageSize = 200;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly PersonalNumberIndexer _indexer;
    private readonly AnomalyRuleSet _rules;
    private readonly TimeProvider _clock;

    internal AuditSearch(SekretessDbContext db, AccessGateway gateway, PersonalNumberIndexer indexer, AnomalyRuleSet rules, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _indexer = indexer;
        _rules = rules;
        _clock = clock;
    }

    /// <summary>
    /// The filter form's choices. Decided as audit.search (a deny is audited); opening the form is not a search, so the
    /// grant ends without an entry. The choices are the own authority's (or unit's) staff and the authorities: no log rows.
    /// </summary>
    public async Task<AuditSearchOptions> GetOptionsAsync(ProcessContext context, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditSearch, LogScope.Target()), ct);
        var scope = LogScope.Of(grant);
        var authority = scope.AuthorityId;
        var users = await _db.Users.AsNoTracking()
            .Where(u => u.AuthorityId == authority && (scope.Unit == null || u.Unit == scope.Unit))
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName, u.Unit }).ToListAsync(ct);
        var authorities = await _db.Authorities.AsNoTracking().OrderBy(a => a.Name).Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        return new AuditSearchOptions(users.Select(u => (u.Id, u.DisplayName, u.Unit)).ToList(), authorities.Select(a => (a.Id, a.Name)).ToList(),
            _rules.Views, scope.Unit, LogScope.Would(grant, Actions.AuditExport), LogScope.Would(grant, Actions.AuditReport));
    }

    public async Task<AuditSearchPage> SearchAsync(ProcessContext context, AuditQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (personId, problem) = await ResolvePersonAsync(query.PersonalNumber, ct);
        var caseId = await ResolveCaseAsync(query.CaseReference, ct);
        // Meta-audit: the search itself is the grant's entry, naming the person and case searched for.
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditSearch, LogScope.Target(null, caseId, personId)), ct);
        if (problem is not null) return new AuditSearchPage([], null, problem); // nothing searched: no entry
        return await grant.ReadAsync(async () =>
        {
            var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
            var (filtered, _) = await FilterAsync(LogScope.Of(grant), query, personId, caseId, ct);
            var sortBy = SortKeyFixedByFilter(query);
            var rows = sortBy switch
            {
                AuditSortKey.Time when query.OldestFirst && query.SortBy == AuditSortKey.Time => await Project(
                    filtered.Where(e => query.After == null || e.Sequence > query.After).OrderBy(e => e.Sequence).Take(size + 1)).ToListAsync(ct),
                AuditSortKey.Time => await Project(
                    filtered.Where(e => query.After == null || e.Sequence < query.After).OrderByDescending(e => e.Sequence).Take(size + 1)).ToListAsync(ct),
                _ => await ByKeyPageAsync(filtered, sortBy, query.After, size + 1, ct),
            };
            var more = rows.Count > size;
            if (more) rows.RemoveAt(rows.Count - 1);
            return new AuditSearchPage(await LogRows.WithFlagsAsync(_db, rows, ct), more ? rows[^1].Sequence : null);
        }, ct);
    }

    /// <summary>
    /// Authorises and audits an export (the entry is durable before the grant returns the writer, so before any row leaves:
    /// fail closed) and returns a writer that streams the rows as CSV without buffering the result. The export is pinned to
    /// the log as it stands now: entries up to the current head, which the audit entry records ("upto:N"), so a reviewer can
    /// re-run exactly the same export later. No row count first (that was a second pass over the rows before the first
    /// byte): the progress indicator uses the sequence range instead (<see cref="AuditExport.FromSequence"/>..<see cref="AuditExport.ToSequence"/>).
    /// </summary>
    public async Task<AuditExport> BeginExportAsync(ProcessContext context, AuditQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (personId, problem) = await ResolvePersonAsync(query.PersonalNumber, ct);
        var caseId = await ResolveCaseAsync(query.CaseReference, ct);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditExport, LogScope.Target(null, caseId, personId)), ct);
        if (problem is not null) return new AuditExport(0, 0, problem, null); // nothing exported: no entry
        return await grant.ReadAsync(async () =>
        {
            var (filtered, range) = await FilterAsync(LogScope.Of(grant), query, personId, caseId, ct);
            var head = await _db.AuditEntries.AsNoTracking().MaxAsync(x => (long?)x.Sequence, ct) ?? 0;
            filtered = filtered.Where(e => e.Sequence <= head);
            grant.Draft = grant.Draft with { ResourceId = "upto:" + head.ToString(CultureInfo.InvariantCulture) };
            // One ordered query, streamed row by row after the grant: PostgreSQL either walks the primary key in order or (for a
            // filter it serves with a sequential scan) sorts first, spilling to disk, not to this process. Keyset batches were
            // tried and were slower: each batch walked the primary key past the rows it filtered out (docs/benchmarks-audit.md).
            var ordered = query.OldestFirst ? filtered.OrderBy(e => e.Sequence) : filtered.OrderByDescending(e => e.Sequence);
            var to = Math.Min(range.To, head);
            return new AuditExport(Math.Min(range.From, to), to, null,
                (stream, token) => AuditCsv.WriteAsync(Project(ordered, withFlag: true).AsAsyncEnumerable(), stream, token));
        }, ct);
    }

    /// <summary>
    /// The sort key, or <see cref="AuditSortKey.Time"/> (newest first) where a filter gives every row the same key: e.g. one
    /// user's entries sorted by user are exactly their newest first, and the primary key serves that without a sort.
    /// </summary>
    private static AuditSortKey SortKeyFixedByFilter(AuditQuery q) => q.SortBy switch
    {
        AuditSortKey.User when !string.IsNullOrWhiteSpace(q.UserId) => AuditSortKey.Time,
        AuditSortKey.Decision when !string.IsNullOrWhiteSpace(q.Decision) => AuditSortKey.Time,
        AuditSortKey.Action when !string.IsNullOrWhiteSpace(q.Action) && !q.Action.Trim().EndsWith('.') => AuditSortKey.Time,
        _ => q.SortBy,
    };

    /// <summary>
    /// Ordered by a sort key, then newest first, from the row after the cursor on. The cursor is the previous page's last
    /// sequence; its key is looked up again here. PostgreSQL sorts the filtered rows (top-N): quick for a person, a case or
    /// (from its covering index) a user; over an authority's whole log a second or more (docs/benchmarks.md).
    /// </summary>
    private async Task<List<LogRows.RawRow>> ByKeyPageAsync(IQueryable<AuditEntry> entries, AuditSortKey key, long? after, int take, CancellationToken ct)
    {
        var keyed = Keyed(entries, key);
        if (after is { } last)
        {
            var lastKey = await Keyed(_db.AuditEntries.AsNoTracking().Where(e => e.Sequence == last), key).Select(k => k.Key).FirstOrDefaultAsync(ct) ?? "";
#pragma warning disable CA1309 // Translated to SQL "Key > @lastKey": the database's collation, the same one ORDER BY uses below.
            keyed = keyed.Where(k => string.Compare(k.Key, lastKey) > 0 || (k.Key == lastKey && k.Entry.Sequence < last));
#pragma warning restore CA1309
        }

        // The page's sequences first, then its rows: selecting only what the filters and the key need lets PostgreSQL sort
        // from an index that covers them (a user's entries: IX_AuditEntries_ActorUserId_Sequence) without reading the table.
        var page = await keyed.OrderBy(k => k.Key).ThenByDescending(k => k.Entry.Sequence).Select(k => k.Entry.Sequence).Take(take).ToListAsync(ct);
        var rows = (await Project(_db.AuditEntries.AsNoTracking().Where(e => page.Contains(e.Sequence))).ToListAsync(ct)).ToDictionary(r => r.Sequence);
        return page.Select(sequence => rows[sequence]).ToList();
    }

    private IQueryable<SortKeyed> Keyed(IQueryable<AuditEntry> entries, AuditSortKey key) => key switch
    {
        // A system entry or a removed user has no name: "" sorts first.
        AuditSortKey.User => from e in entries
                             join u in _db.Users on e.ActorUserId equals u.Id into us
                             from u in us.DefaultIfEmpty()
                             select new SortKeyed { Entry = e, Key = u.DisplayName ?? "" },
        AuditSortKey.Action => entries.Select(e => new SortKeyed { Entry = e, Key = e.Action }),
        AuditSortKey.Decision => entries.Select(e => new SortKeyed { Entry = e, Key = e.Decision }),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Time is ordered by sequence."),
    };

    private sealed class SortKeyed
    {
        public AuditEntry Entry { get; init; } = null!;
        public string Key { get; init; } = "";
    }

    private async Task<(Guid? PersonId, string? Problem)> ResolvePersonAsync(string? personalNumber, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(personalNumber)) return (null, null);
        if (!PersonalIdentityNumber.TryParse(personalNumber, DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime), out var pin, out var error))
            return (null, error);
        var index = _indexer.Index(pin.Normalized);
        // An unknown number matches nothing (Guid.Empty is never a person id).
        var id = await _db.Persons.AsNoTracking().Where(p => p.PersonalNumberIndex == index).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        return (id ?? Guid.Empty, null);
    }

    private async Task<Guid?> ResolveCaseAsync(string? reference, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reference)) return null;
        var r = reference.Trim().ToUpperInvariant();
        return await _db.Cases.AsNoTracking().Where(c => c.Reference == r).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct) ?? Guid.Empty;
    }

    /// <summary>
    /// The scope and the query's filters; also the sequence range the dates allow (1..long.MaxValue without dates). A person
    /// filter finds the entries of the person's cases and those of items in other cases that name the person.
    /// </summary>
    private async Task<(IQueryable<AuditEntry> Entries, (long From, long To) Range)> FilterAsync(LogScope scope, AuditQuery q, Guid? personId,
        Guid? caseId, CancellationToken ct)
    {
        (long From, long To) range = (1, long.MaxValue);
        var e = scope.Apply(_db.AuditEntries.AsNoTracking());
        if (personId is { } p) e = e.Where((await SubjectRecords.FindAsync(_db, p, SubjectRecords.SearchLimit, ct)).Predicate());
        if (caseId is { } c) e = e.Where(x => x.CaseId == c);
        if (!string.IsNullOrWhiteSpace(q.UserId)) e = e.Where(x => x.ActorUserId == q.UserId);
        if (q.ActorAuthorityId is { } a) e = e.Where(x => x.ActorAuthorityId == a);
        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            var action = q.Action.Trim();
            e = action.EndsWith('.') ? e.Where(x => x.Action.StartsWith(action)) : e.Where(x => x.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(q.Decision)) e = e.Where(x => x.Decision == q.Decision);
        if (!string.IsNullOrWhiteSpace(q.LegalGround)) e = e.Where(x => x.LegalGround == q.LegalGround);
        if (!string.IsNullOrWhiteSpace(q.Purpose)) e = e.Where(x => x.Purpose == q.Purpose);
        if (q.From is { } from)
        {
            var start = SwedishTime.StartOfDayUtc(from);
            // Time → sequence range with one index probe per bound (exact: the log's time never goes back), the time test as well.
            var first = await AuditTimeline.FirstAtOrAfterAsync(_db, start, ct);
            e = e.Where(x => x.Sequence >= first && x.OccurredAt >= start);
            range.From = first;
        }

        if (q.To is { } to)
        {
            var end = SwedishTime.StartOfDayUtc(to.AddDays(1));
            var last = await AuditTimeline.LastBeforeAsync(_db, end, ct);
            e = e.Where(x => x.Sequence <= last && x.OccurredAt < end);
            range.To = last;
        }

        if (q.FlaggedOnly || !string.IsNullOrWhiteSpace(q.FlagRuleId))
        {
            var rule = string.IsNullOrWhiteSpace(q.FlagRuleId) ? null : q.FlagRuleId;
            e = e.Where(x => _db.AuditFlags.Any(f => f.Sequence == x.Sequence && (rule == null || f.RuleId == rule)));
        }

        return (e, range);
    }

    private IQueryable<LogRows.RawRow> Project(IQueryable<AuditEntry> entries, bool withFlag = false) => LogRows.Project(_db, entries, withFlag);
}

/// <summary>
/// A permitted, already audited export: the sequence range it covers (for the progress indicator: rows arrive in
/// sequence order, so the position of the last row written tells how far the export has come) and the streaming writer.
/// </summary>
public sealed class AuditExport
{
    private readonly Func<Stream, CancellationToken, Task<long>>? _write;

    internal AuditExport(long fromSequence, long toSequence, string? problem, Func<Stream, CancellationToken, Task<long>>? write)
    {
        FromSequence = fromSequence;
        ToSequence = toSequence;
        Problem = problem;
        _write = write;
    }

    /// <summary>The lowest sequence the filters allow (1, or the first entry of the date range).</summary>
    public long FromSequence { get; }

    /// <summary>The highest: the log's head when the export began (no later entry is exported), or the date range's last entry.</summary>
    public long ToSequence { get; }

    public string? Problem { get; }

    /// <summary>Streams the rows as CSV (UTF-8 with BOM, semicolon-separated for Swedish Excel); returns the number written.</summary>
    public Task<long> WriteCsvAsync(Stream output, CancellationToken ct) =>
        _write is null ? Task.FromResult(0L) : _write(output, ct);
}
