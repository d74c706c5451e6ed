using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Data;

/// <summary>
/// The README's first run is on SQLite: every persona's case list and every case overview it lists must translate and
/// answer there too (SQLite lacks APPLY, so a query shape that works on PostgreSQL can fail only here), and the reads
/// leave an intact chain.
/// </summary>
public sealed class SqliteWorkspaceTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sekretess-sqlite-").FullName;
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        _services = CoreHost.CreateServices($"Data Source={Path.Combine(_directory, "test.db")}",
            new Dictionary<string, string?> { ["Database:Provider"] = DatabaseProviders.Sqlite });
        await using var scope = _services.CreateAsyncScope();
        var init = CoreHost.Get<DatabaseInitializer>(scope);
        await init.MigrateAsync(CancellationToken.None);
        await init.SeedDemoDataAsync(CancellationToken.None);
    }

    /// <summary>
    /// The one-door regressions on the embedded default: a form's token never becomes an id, a share is by (record type,
    /// id), and unticked contact details never reach the recipient (the share query's consent probes translate here too).
    /// </summary>
    [Fact]
    public async Task OneDoorRegressions_HoldOnSqlite()
    {
        await using var scope = _services.CreateAsyncScope();
        var users = CoreHost.Get<UserManager<ApplicationUser>>(scope);
        var social = new ProcessContext((await users.FindByNameAsync("socialsekreterare"))!.Id, Purposes.CaseWork, Mfa: true);
        var police = new ProcessContext((await users.FindByNameAsync("kommunpolis"))!.Id, Purposes.CaseWork, Mfa: true);
        var reads = CoreHost.Get<CaseReads>(scope);
        var avhopp = (await reads.ListMyCasesAsync(social, CancellationToken.None)).Single(c => c.Type == CaseTypes.Avhopp).Id;
        var item = await CoreHost.Get<ItemWrites>(scope).AddItemAsync(social, avhopp, new AddItemCommand("S1", "Sqlite-rubrik", "Sqlite-text", "Sqlite-adress 1"), CancellationToken.None);
        var policeAuthority = (await users.FindByNameAsync("kommunpolis"))!.AuthorityId;

        var entry = await CoreHost.Get<ActionPlanWrites>(scope).AddEntryAsync(police, avhopp,
            new AddActionPlanEntryCommand("Samtal", "Kommunpolisen", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3), RequestId: item), CancellationToken.None);
        Assert.NotEqual(item, entry);
        await CoreHost.Get<Core.Disclosures.DisclosureWrites>(scope).DiscloseAsync(social, ResourceTypes.Item, item,
            new Core.Disclosures.DiscloseCommand(policeAuthority, "18a", null, new Dictionary<string, string>
            {
                ["disclosure.riskOfCriminalActivity"] = "true", ["disclosure.preventiveEffect"] = "true", ["disclosure.notInappropriateConsidered"] = "true",
            }, "Bedömning.", Core.Disclosures.DisclosureInitiatives.OwnInitiative, Core.Disclosures.DisclosureChannels.System, false, null, Guid.NewGuid()), CancellationToken.None);

        var seen = Assert.Single((await reads.GetCaseAsync(police, avhopp, CancellationToken.None)).Items, i => i.Id == item);
        Assert.Equal(("Sqlite-rubrik", null, false), (seen.Title, seen.Contact, seen.ContactRedacted));
    }

    [Fact]
    public async Task EveryPersona_ListsAndOpensItsCases_OnSqlite()
    {
        var opened = 0;
        var itemsSeen = 0;
        foreach (var persona in DemoPersonas.Users)
        {
            await using var scope = _services.CreateAsyncScope();
            var user = await CoreHost.Get<UserManager<ApplicationUser>>(scope).FindByNameAsync(persona.UserName);
            var context = new ProcessContext(user!.Id, Purposes.CaseWork);
            var reads = CoreHost.Get<CaseReads>(scope);
            foreach (var entry in await reads.ListMyCasesAsync(context, CancellationToken.None))
            {
                var details = await reads.GetCaseAsync(context, entry.Id, CancellationToken.None);
                Assert.Equal(entry.Id, details.Id);
                itemsSeen += details.Items.Count;
                opened++;
            }
        }

        Assert.True(opened > 0, "the demo data has cases the personas take part in");
        Assert.True(itemsSeen > 0, "some overview shows items (decrypted), so the item query ran");
        await using var verify = _services.CreateAsyncScope();
        var report = await CoreHost.Get<AuditChainVerifier>(verify).VerifyAsync(CoreHost.Get<SekretessDbContext>(verify), CancellationToken.None);
        Assert.True(report.IsIntact, report.Problem);
    }

    [Fact]
    public async Task TheDposLogSearch_PagesInEveryOrder_OnSqlite()
    {
        foreach (var persona in DemoPersonas.Users)
        {
            await using var scope = _services.CreateAsyncScope();
            var user = await CoreHost.Get<UserManager<ApplicationUser>>(scope).FindByNameAsync(persona.UserName);
            await CoreHost.Get<CaseReads>(scope).ListMyCasesAsync(new ProcessContext(user!.Id, Purposes.CaseWork), CancellationToken.None);
        }

        string dpo;
        await using (var scope = _services.CreateAsyncScope())
            dpo = (await CoreHost.Get<UserManager<ApplicationUser>>(scope).FindByNameAsync("dataskyddsombud"))!.Id;

        async Task<List<AuditSearchRow>> AllPagesAsync(AuditSortKey sortBy)
        {
            var rows = new List<AuditSearchRow>();
            long? after = null;
            do
            {
                await using var scope = _services.CreateAsyncScope();
                var page = await CoreHost.Get<AuditSearch>(scope).SearchAsync(new ProcessContext(dpo, Purposes.LogReview, Mfa: true),
                    new AuditQuery { Action = "case.", SortBy = sortBy, PageSize = 3, After = after }, CancellationToken.None);
                rows.AddRange(page.Rows);
                after = page.NextAfter;
            }
            while (after is not null);
            return rows;
        }

        var byTime = await AllPagesAsync(AuditSortKey.Time);
        Assert.True(byTime.Count > 3, "the case lists were logged, more than one page");
        foreach (var sortBy in new[] { AuditSortKey.User, AuditSortKey.Action, AuditSortKey.Decision })
        {
            var sorted = await AllPagesAsync(sortBy);
            Assert.Equal(byTime.Select(r => r.Sequence).Order(), sorted.Select(r => r.Sequence).Order());
            var keys = sorted.Select(r => sortBy switch { AuditSortKey.User => r.ActorName ?? "", AuditSortKey.Action => r.Action, _ => r.Decision }).ToList();
            Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
