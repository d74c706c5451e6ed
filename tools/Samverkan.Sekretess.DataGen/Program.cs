using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Samverkan.Sekretess.Core;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Seeding;

// Usage (see docs/benchmarks-audit.md):
//   DataGen generate      --cs CS [--persons 100000] [--cases 50000] [--items 1000000] [--audit 10000000] [--heavy-person-entries 0]
//                         (--heavy-person-entries N: the last person is the subject of the last case, led by the DPO's authority,
//                          and gets about N audit entries in all — the registerutdrag benchmark's "person with 1,000 entries")
//   DataGen verify        --cs CS
//   DataGen append-bench  --cs CS [--seconds 20] [--concurrency 64]
//   DataGen spine-ratio   --cs CS [--iterations 500]   (case overview via the gateway vs. directly on the DbContext)
//   DataGen search-bench  --cs CS [--parts search,sorted,report,export] [--searches 200] [--window-searches 20] [--persons 100000] [--export user|month|all]
//                         (the DPO's search, registerutdrag and CSV export through Core's services, as the pages call them)
// Keys: --audit-key / --index-key (base64, >= 32 bytes); defaults are fixed benchmark-only keys.
var command = args.Length > 0 ? args[0] : "help";
var opts = ParseOptions(args.Skip(1).ToArray());
string Opt(string name, string fallback) => opts.TryGetValue(name, out var v) ? v : fallback;
long Num(string name, long fallback) => long.Parse(Opt(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

if (command is "help" or "--help" || !opts.TryGetValue("cs", out var connectionString))
{
    Console.WriteLine("DataGen generate|verify|append-bench|spine-ratio|search-bench --cs <Npgsql connection string> [options]; see docs/benchmarks-audit.md");
    return command is "help" or "--help" ? 0 : 2;
}

var benchKey = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = "PostgreSql",
    ["Database:ConnectionString"] = connectionString,
    ["Keys:AuditChainKey"] = Opt("audit-key", benchKey),
    ["Keys:BlindIndexKey"] = Opt("index-key", benchKey),
    ["Policies:Directory"] = Opt("policies", "policies"),
}).Build();
var services = new ServiceCollection().AddLogging();
services.AddSekretessCore(configuration);
services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
await using var provider = services.BuildServiceProvider();

switch (command)
{
    case "generate":
        await Generator.RunAsync(provider, connectionString, Num("persons", 100_000), Num("cases", 50_000), Num("items", 1_000_000), Num("audit", 10_000_000),
            Num("heavy-person-entries", 0));
        return 0;
    case "verify":
        return await Benchmarks.VerifyAsync(provider);
    case "spine-ratio":
        await SpineRatio.RunAsync(provider, (int)Num("iterations", 500));
        return 0;
    case "search-bench":
        await SearchBench.RunAsync(provider, connectionString, Opt("parts", "search,report,export"), (int)Num("searches", 200),
            Num("report-person-index", Num("persons", 100_000) - 1), Opt("export", "user"), (int)Num("reports", 10),
            (int)Num("window-searches", 20));
        return 0;
    case "append-bench":
        await Benchmarks.AppendAsync(provider, connectionString, (int)Num("seconds", 20), (int)Num("concurrency", 64));
        return 0;
    default:
        Console.Error.WriteLine($"Unknown command {command}");
        return 2;
}

static Dictionary<string, string> ParseOptions(string[] a)
{
    var d = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < a.Length; i += 2) d[a[i].TrimStart('-')] = a[i + 1];
    return d;
}

internal static class Generator
{
    private static readonly string[] CaseTypes = ["SSPF", "SIG", "BOB", "AVHOPP", "UTSATTA"];
    private static readonly string[] Categories = ["S1", "S2", "K1", "K2", "P1", "P3", "F1"];

    /// <summary>
    /// The generated history lies in the year before today, after the seeding's entries in the chain; but the audit log's
    /// time never goes back (AuditLog.Chain; the verifier checks it). So the seeding's few entries (stamped now) are
    /// restamped, one second apart, to just before the history starts, and re-chained. Benchmark tool only: it runs as the
    /// cluster's superuser on a fresh throwaway database, before anything else has read the chain.
    /// </summary>
    private static async Task<(long Sequence, string Hash)> RestampSeedEntriesAsync(SekretessDbContext db, AuditHasher hasher, DateTime historyStart)
    {
        var seeded = await db.AuditEntries.OrderBy(a => a.Sequence).ToListAsync();
        if (seeded.Count > 100) throw new InvalidOperationException("generate expects a freshly seeded database (a handful of audit entries).");
        var previous = AuditHasher.GenesisHash;
        for (var i = 0; i < seeded.Count; i++)
        {
            var e = seeded[i];
            e.OccurredAt = historyStart.AddSeconds(i - seeded.Count);
            e.OccurredAt = new DateTime(e.OccurredAt.Ticks - e.OccurredAt.Ticks % 10, DateTimeKind.Utc);
            e.PreviousHash = previous;
            e.Hash = hasher.Compute(e);
            previous = e.Hash;
        }

        await db.SaveChangesAsync();
        return (seeded.Count == 0 ? 0 : seeded[^1].Sequence, previous);
    }

    public static async Task RunAsync(IServiceProvider provider, string cs, long persons, long cases, long items, long audit, long heavyEntries)
    {
        var total = Stopwatch.StartNew();
        await using (var scope = provider.CreateAsyncScope())
        {
            var init = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
            await init.MigrateAsync(CancellationToken.None);
            await init.SeedDemoDataAsync(CancellationToken.None);
        }

        List<Guid> authorities;
        List<string> users;
        Guid dpoAuthority;
        long auditStart;
        string auditHead;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
            authorities = await db.Authorities.Select(a => a.Id).ToListAsync();
            users = await db.Users.Select(u => u.Id).ToListAsync();
            dpoAuthority = await db.Users.Where(u => u.UserName == "dataskyddsombud").Select(u => u.AuthorityId).SingleAsync();
            (auditStart, auditHead) = await RestampSeedEntriesAsync(db, provider.GetRequiredService<AuditHasher>(), DateTime.UtcNow.AddDays(-365));
        }

        var fields = provider.GetRequiredService<FieldProtector>();
        var indexer = provider.GetRequiredService<PersonalNumberIndexer>();
        var hasher = provider.GetRequiredService<AuditHasher>();
        var rnd = new Random(20261127);
        var now = DateTime.UtcNow;
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();

        var sw = Stopwatch.StartNew();
        var personIds = new Guid[persons];
        await using (var copy = await conn.BeginBinaryImportAsync("""COPY "Persons" ("Id", "PersonalNumberCipher", "PersonalNumberIndex", "NameCipher", "BirthYear", "Sekretessmarkering", "SkyddadFolkbokforing", "IsTestData") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < persons; i++)
            {
                var (twelve, birth) = PersonalNumber(i);
                personIds[i] = Guid.CreateVersion7();
                await copy.StartRowAsync();
                await copy.WriteAsync(personIds[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(fields.Protect(twelve), NpgsqlDbType.Text);
                await copy.WriteAsync(indexer.Index(twelve), NpgsqlDbType.Varchar);
                await copy.WriteAsync(fields.Protect($"Fiktiv Person {i}"), NpgsqlDbType.Text);
                await copy.WriteAsync(birth.Year, NpgsqlDbType.Integer); // the exact date lives only in the encrypted personnummer
                await copy.WriteAsync(i % 97 == 0, NpgsqlDbType.Boolean);
                await copy.WriteAsync(i % 193 == 0, NpgsqlDbType.Boolean);
                await copy.WriteAsync(true, NpgsqlDbType.Boolean);
            }

            await copy.CompleteAsync();
        }

        Report("persons", persons, sw);
        sw.Restart();
        var caseIds = new Guid[cases];
        var caseLead = new Guid[cases];
        var caseParticipants = new Guid[cases][];
        // The heavy person (registerutdrag benchmark): subject of the last case, which the DPO's authority leads, so every
        // entry on it is in the DPO's scope. Redirecting every stride-th audit entry to that case gives it about N entries.
        var heavyCase = heavyEntries > 0 ? cases - 1 : -1;
        long Subject(long c) => c == heavyCase ? persons - 1 : c % persons;
        var heavyStride = heavyEntries > audit / cases ? audit / (heavyEntries - audit / cases) : 0;
        if (heavyEntries > 0 && persons <= cases) Console.WriteLine("  warning: --persons <= --cases, the heavy person also has other cases");
        await using (var copy = await conn.BeginBinaryImportAsync("""COPY "Cases" ("Id", "Reference", "Type", "Status", "LeadAuthorityId", "SubjectPersonId", "CreatedAt", "CreatedByUserId", "ConcurrencyStamp") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < cases; i++)
            {
                caseIds[i] = Guid.CreateVersion7();
                caseLead[i] = authorities[rnd.Next(authorities.Count)];
                if (i == heavyCase) caseLead[i] = dpoAuthority;
                caseParticipants[i] = authorities.OrderBy(_ => rnd.Next()).Take(rnd.Next(1, Math.Min(4, authorities.Count) + 1)).Union([caseLead[i]]).ToArray();
                var type = CaseTypes[i % CaseTypes.Length];
                await copy.StartRowAsync();
                await copy.WriteAsync(caseIds[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync($"{type}-GEN-{i:D7}", NpgsqlDbType.Varchar);
                await copy.WriteAsync(type, NpgsqlDbType.Varchar);
                await copy.WriteAsync(i % 10 == 0 ? "avslutad" : "oppen", NpgsqlDbType.Varchar);
                await copy.WriteAsync(caseLead[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(personIds[Subject(i)], NpgsqlDbType.Uuid);
                await copy.WriteAsync(now.AddMinutes(-i), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("datagen", NpgsqlDbType.Varchar);
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await conn.BeginBinaryImportAsync("""COPY "CaseParticipants" ("CaseId", "AuthorityId") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < cases; i++)
            {
                foreach (var a in caseParticipants[i])
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(caseIds[i], NpgsqlDbType.Uuid);
                    await copy.WriteAsync(a, NpgsqlDbType.Uuid);
                }
            }

            await copy.CompleteAsync();
        }

        Report("cases (+participants)", cases, sw);
        sw.Restart();
        var itemIds = new Guid[Math.Min(items, 2_000_000)];
        await using (var copy = await conn.BeginBinaryImportAsync("""COPY "InformationItems" ("Id", "CaseId", "OwnerAuthorityId", "Category", "TitleCipher", "TextCipher", "CreatedAt", "CreatedByUserId", "ConcurrencyStamp") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < items; i++)
            {
                var c = (int)(i % cases);
                var id = Guid.CreateVersion7();
                if (i < itemIds.Length) itemIds[i] = id;
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(caseIds[c], NpgsqlDbType.Uuid);
                await copy.WriteAsync(caseParticipants[c][i % caseParticipants[c].Length], NpgsqlDbType.Uuid);
                await copy.WriteAsync(Categories[i % Categories.Length], NpgsqlDbType.Varchar);
                await copy.WriteAsync(fields.Protect($"Anteckning {i}"), NpgsqlDbType.Text);
                await copy.WriteAsync(fields.Protect($"Fiktiv demotext för post {i} i ärende {c}."), NpgsqlDbType.Text);
                await copy.WriteAsync(now.AddSeconds(-i), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("datagen", NpgsqlDbType.Varchar);
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
            }

            await copy.CompleteAsync();
        }

        Report("information items", items, sw);
        sw.Restart();
        // Every item names the person it is about (ItemSubjects), as the app writes it: here the case's person.
        var named = (int)Math.Min(items, itemIds.Length);
        await using (var copy = await conn.BeginBinaryImportAsync("""COPY "ItemSubjects" ("ItemId", "PersonId") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < named; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(itemIds[i], NpgsqlDbType.Uuid);
                await copy.WriteAsync(personIds[Subject(i % cases)], NpgsqlDbType.Uuid);
            }

            await copy.CompleteAsync();
        }

        Report("item subjects", named, sw);
        sw.Restart();

        // Audit: a valid chain continuing from the current head, hashed with Core's AuditHasher, via binary COPY.
        await using (var copy = await conn.BeginBinaryImportAsync(AuditCopy))
        {
            var previous = auditHead;
            var e = new AuditEntry();
            var start = now.AddDays(-365);
            for (long i = 0; i < audit; i++)
            {
                var c = (int)(i % cases);
                if (heavyStride > 0 && i % heavyStride == (heavyStride / 2 + 7) % heavyStride) c = (int)heavyCase; // +7: off the deny (i % 50) pattern
                e.Sequence = auditStart + i + 1;
                var t = start.AddTicks(i * 30_000_000L); // one entry per 3 s of fictional time
                e.OccurredAt = new DateTime(t.Ticks - t.Ticks % 10, DateTimeKind.Utc);
                e.ActorUserId = users[(int)(i % users.Count)];
                e.ActorAuthorityId = caseParticipants[c][0];
                e.ActorRole = "socialsekreterare";
                var deny = i % 50 == 0;
                e.Action = i % 20 == 0 ? "item.create" : "case.read";
                e.ResourceType = "case";
                e.ResourceId = caseIds[c].ToString();
                e.ResourceAuthorityId = caseLead[c];
                e.CaseId = caseIds[c];
                e.PersonId = personIds[Subject(c)];
                e.ItemIds = deny ? "" : itemIds[i % itemIds.Length] + "," + itemIds[(i + 1) % itemIds.Length];
                e.Decision = deny ? "deny" : "permit";
                e.RuleIds = deny ? "" : "CASE-R-001,ITEM-R-010";
                e.LegalGround = i % 3 == 0 ? "CONSENT" : null;
                e.Purpose = "handlaggning";
                e.PolicyVersion = "sha256:datagen";
                e.PreviousHash = previous;
                e.Hash = hasher.Compute(e);
                previous = e.Hash;
                await AuditLog.WriteRowAsync(copy, e);
                if ((i + 1) % 1_000_000 == 0) Console.WriteLine($"  audit {i + 1:N0} ({(i + 1) / sw.Elapsed.TotalSeconds:N0}/s)");
            }

            await copy.CompleteAsync();
        }

        Report("audit entries", audit, sw);
        if (heavyCase >= 0)
            Console.WriteLine($"heavy person: index {persons - 1} (--report-person-index), subject of case {caseIds[heavyCase]}, about {heavyEntries:N0} entries");
        await using (var analyze = new NpgsqlCommand("ANALYZE", conn)) await analyze.ExecuteNonQueryAsync();
        Console.WriteLine($"generate: done in {total.Elapsed.TotalSeconds:N1} s");
    }

    private const string AuditCopy = """
        COPY "AuditEntries" ("Sequence", "OccurredAt", "ActorUserId", "ActorAuthorityId", "ActorRole", "Action", "ResourceType",
            "ResourceId", "ResourceAuthorityId", "CaseId", "PersonId", "ItemIds", "Decision", "RuleIds", "LegalGround", "Purpose",
            "PolicyVersion", "PreviousHash", "Hash", "Client", "HashVersion") FROM STDIN (FORMAT BINARY)
        """;

    private static void Report(string what, long n, Stopwatch sw) =>
        Console.WriteLine($"{what}: {n:N0} in {sw.Elapsed.TotalSeconds:N1} s ({n / Math.Max(sw.Elapsed.TotalSeconds, 0.001):N0}/s)");

    /// <summary>The fictional personnummer (12 digits) of generated person i: unique (birth date, serial) pairs in the test series.</summary>
    public static (string Twelve, DateOnly Birth) PersonalNumber(long i)
    {
        var birth = new DateOnly(1940, 1, 1).AddDays((int)(i % 25_000));
        var serial = (int)(i / 25_000) + 100;
        var nine = birth.ToString("yyMMdd", CultureInfo.InvariantCulture) + serial.ToString("D3", CultureInfo.InvariantCulture);
        return (birth.ToString("yyyy", CultureInfo.InvariantCulture)[..2] + nine + CheckDigit(nine).ToString(CultureInfo.InvariantCulture), birth);
    }

    private static int CheckDigit(string nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var v = (nineDigits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }

        return (10 - sum % 10) % 10;
    }
}

internal static class Benchmarks
{
    public static async Task<int> VerifyAsync(IServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SekretessDbContext>();
        var verifier = scope.ServiceProvider.GetRequiredService<AuditChainVerifier>();
        var sw = Stopwatch.StartNew();
        var report = await verifier.VerifyAsync(db, CancellationToken.None);
        sw.Stop();
        Console.WriteLine($"verify: intact={report.IsIntact} entries={report.EntriesChecked:N0} in {sw.Elapsed.TotalSeconds:N2} s " +
            $"=> {report.EntriesChecked / sw.Elapsed.TotalSeconds:N0} entries/s; first broken={report.FirstBrokenSequence?.ToString(CultureInfo.InvariantCulture) ?? "-"} {report.Problem}");
        return report.IsIntact ? 0 : 1;
    }

    public static async Task AppendAsync(IServiceProvider provider, string cs, int seconds, int concurrency)
    {
        await using (var scope = provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var show = new NpgsqlCommand("SELECT current_setting('fsync') || ' / synchronous_commit(default)=' || current_setting('synchronous_commit')", conn);
            Console.WriteLine($"server: fsync={await show.ExecuteScalarAsync()} (batches force synchronous_commit=on)");
        }

        var log = provider.GetRequiredService<AuditLog>();
        var batches0 = log.GroupCommitBatches;
        var stop = DateTime.UtcNow.AddSeconds(seconds);
        var latencies = new List<double>[concurrency];
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(100_000);
            var caseId = Guid.NewGuid();
            while (DateTime.UtcNow < stop)
            {
                var t = Stopwatch.GetTimestamp();
                await log.AppendReadDurablyAsync(new AuditEntry
                {
                    ActorUserId = "bench-" + w, ActorAuthorityId = caseId, ActorRole = "socialsekreterare", Action = "case.read", ResourceType = "case",
                    ResourceId = caseId.ToString(), CaseId = caseId, ItemIds = $"{Guid.NewGuid()},{Guid.NewGuid()}", Decision = "permit",
                    RuleIds = "CASE-R-001", Purpose = "handlaggning", PolicyVersion = "sha256:bench",
                }, CancellationToken.None);
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        })));
        sw.Stop();
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var batches = log.GroupCommitBatches - batches0;
        Console.WriteLine($"append-bench: {all.Length:N0} durable entries in {sw.Elapsed.TotalSeconds:N1} s with {concurrency} concurrent callers " +
            $"=> {all.Length / sw.Elapsed.TotalSeconds:N0} entries/s; {batches:N0} commits (avg {(double)all.Length / Math.Max(batches, 1):N1} entries/commit); " +
            $"latency p50 {all[all.Length / 2]:N1} ms, p95 {all[(int)(all.Length * 0.95)]:N1} ms, p99 {all[(int)(all.Length * 0.99)]:N1} ms");

        await using var scope2 = provider.CreateAsyncScope();
        var report = await scope2.ServiceProvider.GetRequiredService<AuditChainVerifier>()
            .VerifyAsync(scope2.ServiceProvider.GetRequiredService<SekretessDbContext>(), CancellationToken.None);
        Console.WriteLine($"chain after bench: intact={report.IsIntact} entries={report.EntriesChecked:N0}");
    }
}
