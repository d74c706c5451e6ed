using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.LogReview;

/// <summary>A clock the test moves: audit entries get exactly the times a scenario needs (after hours, history, windows).</summary>
public sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero); // a Wednesday, 10:00 in Sweden

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>Sets the clock to a Swedish local time.</summary>
    public void SetLocal(DateTime local) =>
        Now = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), SwedishTimeZone);

    public static readonly TimeZoneInfo SwedishTimeZone =
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Stockholm", out var z) ? z : TimeZoneInfo.Utc;
}

/// <summary>
/// Core as the app wires it on its own PostgreSQL database, with a manual clock, the demo personas, a second DPO
/// (Polismyndigheten's) and helpers to plant audit entries through the real chain writer.
/// </summary>
public sealed class LogReviewHost : IAsyncLifetime
{
    private Respawner? _respawner;
    public ManualClock Clock { get; } = new();
    public ServiceProvider Services { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await PostgresFixture.Cluster.CreateDatabaseAsync("logreview");
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSekretessCore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = DatabaseProviders.PostgreSql,
            ["Database:ConnectionString"] = ConnectionString,
            ["Keys:AuditChainKey"] = TestKeys.AuditChainKey,
            ["Keys:BlindIndexKey"] = TestKeys.BlindIndexKey,
            ["Policies:Directory"] = "policies",
        }).Build());
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        Services = services.BuildServiceProvider();
        await using (var scope = Services.CreateAsyncScope())
        {
            var init = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
            await init.MigrateAsync(Ct);
            await init.SeedDemoDataAsync(Ct);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var police = await AuthorityAsync("polis-lpo-kristianstad");
            var created = await users.CreateAsync(new ApplicationUser
            {
                UserName = "dataskyddsombud-polis", DisplayName = "Pia Polisombud (dataskyddsombud)", AuthorityId = police,
                Role = Roles.DataProtectionOfficer, Unit = "Dataskydd", AttributeSource = "test",
            }, "en lång och ovanlig testfras 42");
            Assert.True(created.Succeeded);
        }

        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        _respawner = await Respawner.CreateAsync(conn, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            TablesToIgnore = ["__EFMigrationsHistory", "Authorities", "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "AspNetUserClaims",
                "AspNetUserLogins", "AspNetUserTokens", "AspNetRoleClaims", "AspNetUserPasskeys", "DataProtectionKeys"],
        });
    }

    public async Task ResetAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await _respawner!.ResetAsync(conn);
        Clock.Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    }

    public T Get<T>(AsyncServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>A demo persona's context, with the second factor done (as every signed-in web user has).</summary>
    public async Task<ProcessContext> AsAsync(string userName, string purpose = Purposes.LogReview)
    {
        if (userName == "anonym") return new ProcessContext(null, purpose);
        return new ProcessContext(await UserIdAsync(userName), purpose, Mfa: true);
    }

    public async Task<string> UserIdAsync(string userName)
    {
        await using var db = NewDbContext();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    public async Task<Guid> AuthorityAsync(string code)
    {
        await using var db = NewDbContext();
        return await db.Authorities.Where(a => a.Code == code).Select(a => a.Id).SingleAsync();
    }

    internal SekretessDbContext NewDbContext() => TestDb.Create(DatabaseProviders.PostgreSql, ConnectionString);

    /// <summary>Opens a case through the real service (the socialsekreterare leads it) and returns its id and the person's id.</summary>
    public async Task<(Guid CaseId, Guid PersonId, string Reference)> OpenCaseAsync(string personalNumber, string name, params string[] otherAuthorities)
    {
        var others = new List<Guid>();
        foreach (var code in otherAuthorities) others.Add(await AuthorityAsync(code));
        await using var scope = Services.CreateAsyncScope();
        var id = await Get<CaseWrites>(scope).OpenCaseAsync(await AsAsync("socialsekreterare", Purposes.CaseWork),
            new OpenCaseCommand(CaseTypes.Sig, personalNumber, name, others), Ct);
        await using var db = NewDbContext();
        var c = await db.Cases.Where(x => x.Id == id).Select(x => new { x.SubjectPersonId, x.Reference }).SingleAsync();
        return (id, c.SubjectPersonId, c.Reference);
    }

    /// <summary>Appends entries through the real chain writer, at the clock's current time, in one transaction.</summary>
    internal async Task PlantAsync(params AuditEntry[] entries)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = Get<SekretessDbContext>(scope);
        await using var tx = await db.Database.BeginTransactionAsync();
        foreach (var e in entries) await Get<AuditLog>(scope).AppendAsync(db, e, Ct);
        await tx.CommitAsync();
    }

    /// <summary>An entry made by a demo persona (their authority and role filled in).</summary>
    internal async Task<AuditEntry> ByAsync(string userName, string action, string decision = "permit", Guid? caseId = null, Guid? personId = null,
        Guid? resourceAuthorityId = null, string? ground = null, string purpose = Purposes.CaseWork, string itemIds = "", string resourceType = "case",
        string? resourceId = null)
    {
        await using var db = NewDbContext();
        var u = await db.Users.Where(x => x.UserName == userName).Select(x => new { x.Id, x.AuthorityId, x.Role }).SingleAsync();
        return new AuditEntry
        {
            ActorUserId = u.Id, ActorAuthorityId = u.AuthorityId, ActorRole = u.Role, Action = action, ResourceType = resourceType,
            ResourceId = resourceId ?? caseId?.ToString(), ResourceAuthorityId = resourceAuthorityId ?? u.AuthorityId, CaseId = caseId, PersonId = personId,
            ItemIds = itemIds, Decision = decision, RuleIds = decision == "permit" ? "TEST-R-001" : "", LegalGround = ground, Purpose = purpose,
            PolicyVersion = "sha256:test",
        };
    }

    /// <summary>Runs the anomaly scan over everything new and returns the flags as (sequence, rule id).</summary>
    internal async Task<List<(long Sequence, string RuleId)>> ScanAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await Get<AnomalyScanner>(scope).ScanAsync(Get<SekretessDbContext>(scope), 1_000_000, Ct);
        await using var db = NewDbContext();
        return (await db.AuditFlags.OrderBy(f => f.Sequence).Select(f => new { f.Sequence, f.RuleId }).ToListAsync()).Select(f => (f.Sequence, f.RuleId)).ToList();
    }

    internal async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var db = NewDbContext();
        return await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
    }

    internal async Task<long> HeadAsync()
    {
        await using var db = NewDbContext();
        return await db.AuditEntries.MaxAsync(e => (long?)e.Sequence) ?? 0;
    }

    /// <summary>A valid fictional personnummer (YYYYMMDD + three digits + check digit).</summary>
    public static string Pnr(string birthDate, string serial)
    {
        var nine = birthDate[2..] + serial;
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var v = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }

        return birthDate + "-" + serial + ((10 - sum % 10) % 10).ToString(CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}
