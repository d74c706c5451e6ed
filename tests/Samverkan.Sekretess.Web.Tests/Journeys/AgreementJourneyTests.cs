using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Journeys;

/// <summary>
/// A skolkurator (a party's user, in no forum) reports to the lägesbild by clicking the district map; a report with
/// a name is refused in Swedish. The kommunpolis (Lägesbildsgruppen) sees the report in the weekly picture, decides a
/// measure, and opens the åtgärdsplan and the annual follow-up with suppressed statistics. Every page passes axe.
/// </summary>
public sealed class AgreementJourneyTests(AppServer app, Browser browser) : IClassFixture<AppServer>, IClassFixture<Browser>
{
    private const string ReportText = "Grupp ungdomar samlas vid busstationen kvällstid, butikspersonal upplever otrygghet.";

    private async Task LogInAsync(IPage page, string userName)
    {
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.GetByLabel("Användarnamn").FillAsync(userName);
        await page.GetByLabel("Lösenord").FillAsync(DemoPersonas.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Account/Mfa"));
        await BrowserMfa.CompleteAsync(page, app.BaseUrl, userName);
    }

    [Fact]
    public async Task ReporterFilesViaTheMap_ForumSeesTheWeeklyPictureAndTheFollowUp()
    {
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();

        // The reporter: the agreement is listed with only "Rapportera".
        await LogInAsync(page, "skolkurator");
        await page.GetByRole(AriaRole.Link, new() { Name = "Samverkansöverenskommelse" }).ClickAsync();
        await Browser.AssertAccessibleAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Öppna överenskommelsen" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Rapportera till lägesbilden" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Agreement/Report/[0-9a-f-]{36}$"));
        var reportUrl = page.Url;
        await Browser.AssertAccessibleAsync(page);

        await page.GetByLabel("Vad har hänt?").SelectOptionAsync("ungdomssamling");
        // The map: a click on the district sets the labelled select (the keyboard path is the select itself).
        await page.Locator("svg.district-map [data-district='centrum'] polygon").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Var? (område)")).ToHaveValueAsync("centrum");
        await Assertions.Expect(page.Locator("svg.district-map [data-district='centrum']")).ToHaveClassAsync(new Regex("selected"));
        await page.GetByLabel("Varifrån kommer uppgiften?").SelectOptionAsync("skola");
        await page.GetByLabel("Kort beskrivning").FillAsync("Kalle och hans kompisar samlas vid busstationen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka rapporten" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("ser ut att innehålla ett namn");
        await Browser.AssertAccessibleAsync(page);

        await page.GetByLabel("Var? (område)").SelectOptionAsync("centrum");
        await page.GetByLabel("Kort beskrivning").FillAsync(ReportText);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka rapporten" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rapporten är registrerad");
        var agreementId = Regex.Match(reportUrl, "[0-9a-f-]{36}").Value;
        // The reporter is in no forum: the weekly picture is not found.
        var week = await page.GotoAsync($"{app.BaseUrl}/Agreement/Week/{agreementId}");
        Assert.Equal(404, week!.Status);
        await page.GotoAsync(app.BaseUrl + "/");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Logga ut") }).ClickAsync();

        // The forum: the weekly picture with the new report, a decided measure, the plan and the follow-up.
        await LogInAsync(page, "kommunpolis");
        await page.GetByRole(AriaRole.Link, new() { Name = "Samverkansöverenskommelse" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Öppna överenskommelsen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lägesbildsgruppen (EST)" })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Veckans lägesbild" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(ReportText);
        await Assertions.Expect(page.Locator("svg.chart-svg").First).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Åtgärd", new() { Exact = true }).FillAsync("Trygghetsvärdar vid busstationen fredag och lördag kväll.");
        await page.GetByLabel("Område", new() { Exact = true }).SelectOptionAsync("centrum");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara åtgärden" }).ClickAsync();
        await Assertions.Expect(page.Locator("#measures ~ ul")).ToContainTextAsync("Trygghetsvärdar vid busstationen");

        await page.GetByRole(AriaRole.Link, new() { Name = "Åtgärdsplan" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tillgänglighet och trygghet i offentlig miljö" })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Årsuppföljning" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Årsuppföljning");
        await Assertions.Expect(page.Locator("table.stats").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Skriv ut eller spara som PDF" })).ToBeVisibleAsync();
        Assert.Contains("<5", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Browser.AssertAccessibleAsync(page);
        // The print stylesheet: navigation and buttons are not printed.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("header.site-header")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".subnav")).ToBeHiddenAsync();
    }
}
