using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using Samverkan.Sekretess.Core.Tests.LogReview;
using Samverkan.Sekretess.Testing;

namespace Samverkan.Sekretess.Core.Tests.Retention;

/// <summary>
/// Core as the app wires it on its own PostgreSQL database with a manual clock (years pass between writing a record
/// and thinning it) and a throwaway archive folder for the packages of records the plan keeps.
/// </summary>
public sealed class RetentionHost : IAsyncLifetime
{
    private Respawner? _respawner;
    public ManualClock Clock { get; } = new();
    public ServiceProvider Services { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public string ArchiveDirectory { get; } = Path.Combine(Path.GetTempPath(), "samverkan-arkiv-" + Guid.NewGuid().ToString("N")[..8]);
    public static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await PostgresFixture.Cluster.CreateDatabaseAsync("retention");
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSekretessCore(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = DatabaseProviders.PostgreSql,
            ["Database:ConnectionString"] = ConnectionString,
            ["Keys:AuditChainKey"] = TestKeys.AuditChainKey,
            ["Keys:BlindIndexKey"] = TestKeys.BlindIndexKey,
            ["Policies:Directory"] = "policies",
            ["Retention:ArchiveDirectory"] = ArchiveDirectory,
        }).Build());
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        Services = services.BuildServiceProvider();
        await using (var scope = Services.CreateAsyncScope())
        {
            var init = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
            await init.MigrateAsync(Ct);
            await init.SeedDemoDataAsync(Ct);
            // The demo has one arkivarie (social services); each authority decides on its own lists, so the others get one.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Core.Identity.ApplicationUser>>();
            foreach (var code in new[] { "polis-lpo-kristianstad", "utb-kristianstad", "kof-kristianstad" })
            {
                var created = await users.CreateAsync(new Core.Identity.ApplicationUser
                {
                    UserName = "arkivarie-" + code, DisplayName = "Testarkivarie", AuthorityId = await AuthorityAsync(code),
                    Role = Core.Identity.Roles.Archivist, Unit = "Arkiv", AttributeSource = "test",
                }, "en lång och ovanlig testfras 42");
                Assert.True(created.Succeeded);
            }
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
        if (Directory.Exists(ArchiveDirectory)) Directory.Delete(ArchiveDirectory, recursive: true);
        Clock.Now = new(2020, 3, 2, 9, 0, 0, TimeSpan.Zero);
    }

    public static T Get<T>(AsyncServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public async Task<ProcessContext> AsAsync(string userName, string purpose = Purposes.CaseWork)
    {
        if (userName == "anonym") return new ProcessContext(null, purpose);
        await using var db = NewDbContext();
        return new ProcessContext(await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync(), purpose, Mfa: true);
    }

    public async Task<Guid> AuthorityAsync(string code)
    {
        await using var db = NewDbContext();
        return await db.Authorities.Where(a => a.Code == code).Select(a => a.Id).SingleAsync();
    }

    internal SekretessDbContext NewDbContext() => TestDb.Create(DatabaseProviders.PostgreSql, ConnectionString);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (Directory.Exists(ArchiveDirectory)) Directory.Delete(ArchiveDirectory, recursive: true);
    }
}

/// <summary>A closed SIG case written through the real services at the clock's time: social services' S1 item and plan entry, a police P1 item, optionally a school K2 item.</summary>
internal sealed record RetentionCase(Guid CaseId, Guid PersonId, string Reference, Guid SocialItem, Guid SocialPlanEntry, Guid PoliceItem, Guid? SchoolItem)
{
    public static async Task<RetentionCase> CreateAsync(RetentionHost host, string personalNumber, bool close = true, bool school = false, string? documentType = null)
    {
        var police = await host.AuthorityAsync("polis-lpo-kristianstad");
        var others = new List<Guid> { police };
        if (school) others.Add(await host.AuthorityAsync("utb-kristianstad"));
        await using var scope = host.Services.CreateAsyncScope();
        var social = await host.AsAsync("socialsekreterare");
        var caseId = await RetentionHost.Get<CaseWrites>(scope).OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sig, personalNumber, "Testa Testsson", others), RetentionHost.Ct);
        var items = RetentionHost.Get<ItemWrites>(scope);
        var s1 = await items.AddItemAsync(social, caseId, new AddItemCommand("S1", "Utredning", "Fiktiv text", "Fiktivgatan 1", null, documentType), RetentionHost.Ct);
        var p1 = await items.AddItemAsync(await host.AsAsync("kommunpolis"), caseId, new AddItemCommand("P1", "Förundersökning", "Fiktiv polistext"), RetentionHost.Ct);
        Guid? k2 = school ? await items.AddItemAsync(await host.AsAsync("skolkurator"), caseId, new AddItemCommand("K2", "Kuratorssamtal", "Fiktiv elevhälsotext"), RetentionHost.Ct) : null;
        var plan = await RetentionHost.Get<ActionPlanWrites>(scope).AddEntryAsync(social, caseId,
            new AddActionPlanEntryCommand("Boka nätverksmöte", "Socialsekreteraren", DateOnly.FromDateTime(host.Clock.Now.UtcDateTime).AddDays(7)), RetentionHost.Ct);
        if (close) await RetentionHost.Get<CaseWrites>(scope).CloseAsync(social, caseId, RetentionHost.Ct);
        await using var db = host.NewDbContext();
        var c = await db.Cases.Where(x => x.Id == caseId).Select(x => new { x.SubjectPersonId, x.Reference }).SingleAsync();
        return new RetentionCase(caseId, c.SubjectPersonId, c.Reference, s1, plan, p1, k2);
    }

    /// <summary>A valid personnummer (or samordningsnummer: day + 60) for a birth date, with a correct check digit.</summary>
    public static string Number(DateOnly birth, bool coordination = false, int serial = 982)
    {
        var digits = $"{birth:yyMM}{birth.Day + (coordination ? 60 : 0):00}{serial:000}";
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = (digits[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }

        return $"{birth:yyyy}{digits[2..6]}-{digits[6..]}{(10 - sum % 10) % 10}";
    }
}
