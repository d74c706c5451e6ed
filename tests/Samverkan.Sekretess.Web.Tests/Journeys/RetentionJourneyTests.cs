using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Retention;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Journeys;

/// <summary>The real app with a clock the test moves (years, for gallring); people only use the browser at real time.</summary>
public sealed class ClockedAppServer : AppServer
{
    public ShiftableClock Clock { get; } = new();

    protected override void Configure(IWebHostBuilder builder) => builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
}

/// <summary>
/// Gallring in Chromium: a closed SIG case's social-services record comes due after the thinning period; the monthly
/// job proposes a list; the arkivarie reviews and approves it; the nightly job thins it; the socialsekreterare then
/// finds the item gone and the list shows it done. The DPO sees what is still shared (kvarvarande åtkomst). Every page passes axe.
/// </summary>
public sealed class RetentionJourneyTests(ClockedAppServer app, Browser browser) : IClassFixture<ClockedAppServer>, IClassFixture<Browser>
{
    private static readonly TimeSpan SevenYears = TimeSpan.FromDays(7 * 366);

    [Fact]
    public async Task ArkivarieApprovesTheMonthlyThinningList_AndTheNightlyJobThinsTheClosedCasesRecord()
    {
        var caseId = await ArrangeClosedCaseAsync();
        await using (var before = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" }))
        {
            var look = await before.NewPageAsync();
            await BrowserLogin.LogInAsync(look, app.BaseUrl, "socialsekreterare");
            await look.GotoAsync($"{app.BaseUrl}/Cases/Details/{caseId}");
            await Assertions.Expect(look.Locator("main")).ToContainTextAsync("Utredning som ska gallras");
        }

        app.Clock.Offset = SevenYears;
        await RunAsync(r => r.ProposeAsync(CancellationToken.None));
        app.Clock.Offset = TimeSpan.Zero; // people sign in at real time (TOTP, cookies)

        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();
        await BrowserLogin.LogInAsync(page, app.BaseUrl, "arkivarie");
        await page.GotoAsync(app.BaseUrl + "/Retention");
        await Browser.AssertAccessibleAsync(page);
        await page.Locator("table a[href^='/Retention/Run/']").First.ClickAsync();
        await page.WaitForPageAsync(new Regex("/Retention/Run/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Gallringsbeslut");
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Anteckning (krävs vid avslag)").FillAsync("Granskad mot dokumenthanteringsplanen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Godkänn gallring" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Granskad mot dokumenthanteringsplanen.");

        app.Clock.Offset = SevenYears;
        var thinned = await RunAsync(r => r.ExecuteApprovedAsync(CancellationToken.None));
        app.Clock.Offset = TimeSpan.Zero;

        Assert.True(thinned >= 1, "the approved list thinned nothing");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Verkställd");
        await using var social = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var worker = await social.NewPageAsync();
        await BrowserLogin.LogInAsync(worker, app.BaseUrl, "socialsekreterare");
        await worker.GotoAsync($"{app.BaseUrl}/Cases/Details/{caseId}");
        // The case frame is still there (a thinned record leaves a tombstone, not a hole); the record's content is gone.
        await Assertions.Expect(worker.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Ärende SIG-");
        await Assertions.Expect(worker.Locator("main")).Not.ToContainTextAsync("Utredning som ska gallras");
    }

    [Fact]
    public async Task TheDpoOpensKvarvarandeAtkomst_AndItPassesAxe()
    {
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();
        await BrowserLogin.LogInAsync(page, app.BaseUrl, "dataskyddsombud");

        await page.GotoAsync(app.BaseUrl + "/Audit");
        await page.GetByRole(AriaRole.Link, new() { Name = "Kvarvarande åtkomst" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kvarvarande åtkomst", Level = 1 })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);
    }

    private async Task<T> RunAsync<T>(Func<ThinningRuns, Task<T>> job)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await job(scope.ServiceProvider.GetRequiredService<ThinningRuns>());
    }

    private async Task<Guid> ArrangeClosedCaseAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var user = await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("socialsekreterare");
        var social = new ProcessContext(user!.Id, Purposes.CaseWork, Mfa: true);
        var cases = sp.GetRequiredService<CaseWrites>();
        var caseId = await cases.OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sig, "20110303-9820", "Gallra Testsson", []), CancellationToken.None);
        await sp.GetRequiredService<ItemWrites>().AddItemAsync(social, caseId, new AddItemCommand("S1", "Utredning som ska gallras", "Fiktiv text."), CancellationToken.None);
        await cases.CloseAsync(social, caseId, CancellationToken.None);
        return caseId;
    }
}
