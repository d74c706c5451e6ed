using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Core.Protection;

/// <summary>
/// Issue 6's performance bar on the generated dataset: the DPO's search by person and by user, the registerutdrag for
/// a person with ~1,000 entries, and the streamed CSV export — each through the Core service the page calls
/// (AuditSearch / AccessReports: PIP, PDP decision on audit.*, durable meta-audit entry), as the seeded
/// dataskyddsombud with purpose loggkontroll and MFA. One DI scope per call, as one request has.
/// </summary>
internal static class SearchBench
{
    public static async Task RunAsync(IServiceProvider provider, string cs, string parts, int searches, long reportPersonIndex, string exportKind, int reports,
        int windowSearches)
    {
        string dpoId;
        Guid authority;
        long headBefore;
        await using (var scope = provider.CreateAsyncScope())
        {
            var dpo = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("dataskyddsombud")
                ?? throw new InvalidOperationException("The seeded dataskyddsombud is missing; run generate first.");
            dpoId = dpo.Id;
            authority = dpo.AuthorityId;
            headBefore = await scope.ServiceProvider.GetRequiredService<SekretessDbContext>().AuditEntries.MaxAsync(e => (long?)e.Sequence) ?? 0;
        }

        var context = new ProcessContext(dpoId, Purposes.LogReview, Mfa: true);
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers'),
                       (SELECT count(*) FROM "Persons"), (SELECT count(*) FROM "Cases"), pg_size_pretty(pg_total_relation_size('"AuditEntries"'))
                """, conn);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            Console.WriteLine($"server: {r.GetString(0)[..18]}; fsync={r.GetString(1)} synchronous_commit={r.GetString(2)} shared_buffers={r.GetString(3)}");
            Console.WriteLine($"data: {headBefore:N0} audit entries ({r.GetString(6)} with indexes), {r.GetInt64(4):N0} persons, {r.GetInt64(5):N0} cases");
        }

        Console.WriteLine($"client: {Environment.ProcessorCount} cores, load average {LoadAverage()}; {Memory()}");

        if (parts.Contains("search", StringComparison.Ordinal)) await SearchesAsync(provider, cs, context, authority, searches, windowSearches, sorted: false);
        if (parts.Contains("sorted", StringComparison.Ordinal)) await SearchesAsync(provider, cs, context, authority, searches, windowSearches, sorted: true);
        if (parts.Contains("report", StringComparison.Ordinal)) await ReportsAsync(provider, cs, context, authority, reportPersonIndex, reports);
        if (parts.Contains("export", StringComparison.Ordinal)) await ExportAsync(provider, context, exportKind);

        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
            var meta = await db.AuditEntries.Where(e => e.Sequence > headBefore && e.Action.StartsWith("audit."))
                .GroupBy(e => e.Action).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            Console.WriteLine("meta-audit entries written by this run: " + string.Join(", ", meta.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Count}")));
        }

        Console.WriteLine($"end: load average {LoadAverage()}; {Memory()}");
    }

    private static async Task SearchesAsync(IServiceProvider provider, string cs, ProcessContext context, Guid authority, int searches, int windowSearches,
        bool sorted)
    {
        // Persons that have entries in the DPO's scope (a sample of the table's pages), so no search is "fast because empty".
        var candidates = new List<Guid>();
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT DISTINCT "PersonId" FROM "AuditEntries" TABLESAMPLE SYSTEM (0.2) REPEATABLE (42)
                WHERE ("ActorAuthorityId" = @a OR "ResourceAuthorityId" = @a) AND "PersonId" IS NOT NULL
                """, conn);
            cmd.Parameters.AddWithValue("a", authority);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) candidates.Add(r.GetGuid(0));
        }

        var rnd = new Random(20261128);
        var chosen = candidates.OrderBy(_ => rnd.Next()).Take(searches + 20).ToList();
        List<string> personalNumbers;
        List<string> users;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
            var fields = scope.ServiceProvider.GetRequiredService<FieldProtector>();
            personalNumbers = (await db.Persons.AsNoTracking().Where(p => chosen.Contains(p.Id)).Select(p => p.PersonalNumberCipher).ToListAsync())
                .Select(fields.Unprotect).OrderBy(_ => rnd.Next()).ToList();
            users = await db.Users.AsNoTracking().Select(u => u.Id).ToListAsync();
        }

        Console.WriteLine($"search: {candidates.Count:N0} persons with entries in scope found in a 0.2 % page sample; {users.Count} users");
        var personQueries = personalNumbers.Select(p => new AuditQuery { PersonalNumber = p, PageSize = 100 }).ToList();
        var userQueries = Enumerable.Range(0, searches + 20).Select(_ => new AuditQuery { UserId = users[rnd.Next(users.Count)], PageSize = 100 }).ToList();
        var unfiltered = Enumerable.Range(0, 70).Select(_ => new AuditQuery { PageSize = 100 }).ToList();
        // A user within a random 30-day window of the data (the time filter becomes a sequence range).
        DateOnly firstDay, lastDay;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
            firstDay = DateOnly.FromDateTime(await db.AuditEntries.MinAsync(e => e.OccurredAt));
            lastDay = DateOnly.FromDateTime(await db.AuditEntries.Where(e => !e.Action.StartsWith("audit.")).MaxAsync(e => e.OccurredAt));
        }

        var span = Math.Max(1, lastDay.DayNumber - firstDay.DayNumber - 30);
        var windowed = Enumerable.Range(0, windowSearches + 2).Select(_ =>
        {
            var from = firstDay.AddDays(rnd.Next(span));
            return new AuditQuery { UserId = users[rnd.Next(users.Count)], From = from, To = from.AddDays(29), PageSize = 100 };
        }).ToList();

        if (sorted)
        {
            // Sorted by a column: no index per key, so PostgreSQL sorts the filtered rows (first page of 100 each time).
            foreach (var key in new[] { AuditSortKey.User, AuditSortKey.Action, AuditSortKey.Decision })
            {
                await SearchSeriesAsync(provider, context, $"by person, sorted by {key}", SortedBy(personQueries, key, 45), warmUp: 5);
                await SearchSeriesAsync(provider, context, $"by user, sorted by {key}", SortedBy(userQueries, key, 45), warmUp: 5);
                await SearchSeriesAsync(provider, context, $"by user within a 30-day window, sorted by {key}", SortedBy(windowed, key, 12), warmUp: 2);
                await SearchSeriesAsync(provider, context, $"no filter (whole scope), sorted by {key}", SortedBy(unfiltered, key, 6), warmUp: 1);
            }

            return;
        }

        if (searches > 0)
        {
            await SearchSeriesAsync(provider, context, "by person (personnummer -> blind index)", personQueries);
            await SearchSeriesAsync(provider, context, "by user", userQueries);
            await SearchSeriesAsync(provider, context, "no filter (the page's first view)", unfiltered);
        }

        if (windowSearches > 0) await SearchSeriesAsync(provider, context, "by user within a random 30-day window", windowed, warmUp: 2);

        // The page's POST also builds the filter form (users, authorities, rules, two would-be decisions).
        var options = new List<double>();
        for (var i = -10; i < 50; i++)
        {
            var sw = Stopwatch.StartNew();
            await using var scope = provider.CreateAsyncScope();
            _ = await scope.ServiceProvider.GetRequiredService<AuditSearch>().GetOptionsAsync(context, CancellationToken.None);
            if (i >= 0) options.Add(sw.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"search form options (GetOptionsAsync, 50 calls): {Stats(options)}");
    }

    private static List<AuditQuery> SortedBy(List<AuditQuery> queries, AuditSortKey key, int count) =>
        queries.Take(count).Select(q => q with { SortBy = key }).ToList();

    private static async Task SearchSeriesAsync(IServiceProvider provider, ProcessContext context, string label, List<AuditQuery> queries, int warmUp = 20)
    {
        var times = new List<double>();
        var rows = new List<int>();
        var problems = 0;
        for (var i = 0; i < queries.Count; i++)
        {
            var sw = Stopwatch.StartNew();
            await using var scope = provider.CreateAsyncScope();
            var page = await scope.ServiceProvider.GetRequiredService<AuditSearch>().SearchAsync(context, queries[i], CancellationToken.None);
            var ms = sw.Elapsed.TotalMilliseconds;
            if (i < warmUp) continue;
            times.Add(ms);
            rows.Add(page.Rows.Count);
            if (page.Problem is not null) problems++;
        }

        rows.Sort();
        Console.WriteLine($"search {label}: {times.Count} searches (after {warmUp} warm-up), {Stats(times)}; " +
            $"rows per page min {rows[0]}, median {rows[rows.Count / 2]}, max {rows[^1]}; empty pages {rows.Count(r => r == 0)}; problems {problems}");
    }

    private static async Task ReportsAsync(IServiceProvider provider, string cs, ProcessContext context, Guid authority, long personIndex, int reports)
    {
        var (personalNumber, _) = Generator.PersonalNumber(personIndex);
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
            var index = scope.ServiceProvider.GetRequiredService<PersonalNumberIndexer>().Index(personalNumber);
            var personId = await db.Persons.Where(p => p.PersonalNumberIndex == index).Select(p => p.Id).SingleAsync();
            var all = await db.AuditEntries.CountAsync(e => e.PersonId == personId);
            var inScope = await db.AuditEntries.CountAsync(e => e.PersonId == personId && (e.ActorAuthorityId == authority || e.ResourceAuthorityId == authority)
                && e.Decision == "permit" && e.ActorUserId != null && !e.Action.StartsWith("audit."));
            Console.WriteLine($"report: person index {personIndex}: {all:N0} audit entries, {inScope:N0} of them reportable in the DPO's scope");
        }

        var create = new List<double>();
        var screening = new List<double>();
        var released = new List<double>();
        int lines = 0, withheld = 0, withheldLines = 0, releasedLines = 0;
        for (var i = -2; i < reports; i++) // two warm-up rounds
        {
            var sw = Stopwatch.StartNew();
            Guid id;
            await using (var scope = provider.CreateAsyncScope())
                id = (await scope.ServiceProvider.GetRequiredService<AccessReports>().CreateDraftAsync(context, personalNumber, CancellationToken.None)).Id
                    ?? throw new InvalidOperationException("No report was created.");
            var tCreate = sw.Elapsed.TotalMilliseconds;

            sw.Restart();
            await using (var scope = provider.CreateAsyncScope())
            {
                var view = await scope.ServiceProvider.GetRequiredService<AccessReports>().GetForScreeningAsync(context, id, CancellationToken.None);
                lines = view.Disclosures.Count + view.Accesses.Count;
                withheld = view.WithheldCount;
                withheldLines = view.Disclosures.Concat(view.Accesses).Count(l => l.Withheld);
            }

            var tScreen = sw.Elapsed.TotalMilliseconds;
            await using (var scope = provider.CreateAsyncScope())
                _ = await scope.ServiceProvider.GetRequiredService<AccessReports>().ReleaseAsync(context, id, screeningConfirmed: true, CancellationToken.None);

            sw.Restart();
            await using (var scope = provider.CreateAsyncScope())
            {
                var view = await scope.ServiceProvider.GetRequiredService<AccessReports>().GetReleasedAsync(context, id, CancellationToken.None);
                releasedLines = view.Disclosures.Count + view.Accesses.Count;
            }

            var tReleased = sw.Elapsed.TotalMilliseconds;
            if (i < 0) continue;
            create.Add(tCreate);
            screening.Add(tScreen);
            released.Add(tReleased);
        }

        Console.WriteLine($"report: {lines} lines in the screening view ({withheld} automatic withholdings, {withheldLines} of them whole lines; the rest leave out screened categories), {releasedLines} lines in the released document");
        Console.WriteLine($"report create draft (CreateDraftAsync, {reports} runs): {Stats(create)}");
        Console.WriteLine($"report screening view (GetForScreeningAsync): {Stats(screening)}");
        Console.WriteLine($"report released document (GetReleasedAsync): {Stats(released)}");
        var total = create.Zip(screening, (a, b) => a + b).ToList();
        Console.WriteLine($"report create + screening view together: {Stats(total)}");
    }

    private static async Task ExportAsync(IServiceProvider provider, ProcessContext context, string kind)
    {
        AuditQuery query;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
            query = kind switch
            {
                "user" => new AuditQuery { UserId = await db.Users.Where(u => u.UserName == "socialsekreterare").Select(u => u.Id).SingleAsync() },
                "month" => MonthQuery(await db.AuditEntries.MinAsync(e => e.OccurredAt)),
                "all" => new AuditQuery(),
                _ => throw new ArgumentException("--export user|month|all"),
            };
        }

        Console.WriteLine($"export ({kind}): before: {Memory()}");
        var sw = Stopwatch.StartNew();
        await using var exportScope = provider.CreateAsyncScope();
        var export = await exportScope.ServiceProvider.GetRequiredService<AuditSearch>().BeginExportAsync(context, query, CancellationToken.None);
        var begin = sw.Elapsed.TotalSeconds;
        var sink = new CountingStream();
        var peakRss = 0L;
        using var sampler = new Timer(_ => peakRss = Math.Max(peakRss, Rss()), null, 0, 100);
        sw.Restart();
        var start = Stopwatch.GetTimestamp();
        var written = await export.WriteCsvAsync(sink, CancellationToken.None);
        var write = sw.Elapsed.TotalSeconds;
        // The writer flushes every 1,000 rows, so the first bytes arrive with row 1,000: split the query's start-up
        // (e.g. a sort before the first row) from the steady streaming rate after it.
        var firstBytes = sink.FirstWrite == 0 ? write : Stopwatch.GetElapsedTime(start, sink.FirstWrite).TotalSeconds;
        Console.WriteLine($"export ({kind}): sequences {export.FromSequence:N0}..{export.ToSequence:N0}, meta-audit committed in {begin:N2} s (BeginExportAsync); " +
            $"streamed {written:N0} rows, {sink.Lines:N0} CSV lines incl. header, {sink.Length / 1048576.0:N1} MiB in {write:N2} s " +
            $"=> {written / write:N0} rows/s streaming, {written / (begin + write):N0} rows/s end to end");
        Console.WriteLine($"export ({kind}): first bytes (row 1,000) after {firstBytes:N2} s; from then on {(written - 1000) / Math.Max(write - firstBytes, 0.001):N0} rows/s");
        Console.WriteLine($"export ({kind}): after: {Memory()}; RSS sampled every 100 ms during streaming peaked at {peakRss / 1048576.0:N0} MiB");
    }

    private static AuditQuery MonthQuery(DateTime first)
    {
        var from = DateOnly.FromDateTime(first).AddDays(120);
        return new AuditQuery { From = from, To = from.AddDays(29) };
    }

    private static string Stats(List<double> ms)
    {
        var s = ms.Order().ToArray();
        double P(double q) => s[Math.Clamp((int)Math.Ceiling(q * s.Length) - 1, 0, s.Length - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {s[^1]:F1} ms, mean {s.Average():F1} ms");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static long Rss() => Status("VmRSS");

    private static string Memory() =>
        $"process RSS {Status("VmRSS") / 1048576.0:N0} MiB, peak RSS (VmHWM) {Status("VmHWM") / 1048576.0:N0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:N0} MiB";

    private static long Status(string key)
    {
        if (!File.Exists("/proc/self/status")) return 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
                return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }

    /// <summary>Stands in for the HTTP response body: discards the bytes, counts them and the lines.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public long Lines { get; private set; }
        public long FirstWrite { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (FirstWrite == 0) FirstWrite = Stopwatch.GetTimestamp();
            _length += buffer.Length;
            Lines += buffer.Count((byte)'\n');
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }
    }
}
