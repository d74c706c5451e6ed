using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;
using Samverkan.Sekretess.Web.Tests.Pages.Audit;

namespace Samverkan.Sekretess.Web.Tests.Journeys;

/// <summary>
/// The data-protection officer's journey in Chromium: a social worker reads a demo case she is not a named member of;
/// the DPO finds it by personnummer, sees it flagged, runs the month's loggkontroll to sign-off, and produces a
/// registerutdrag for the person (screened, released, JSON). Every page passes axe (WCAG 2.1 A/AA).
/// </summary>
public sealed class DpoJourneyTests(DpoAppServer app, Browser browser) : IClassFixture<DpoAppServer>, IClassFixture<Browser>
{
    /// <summary>The seeded demo person Testa Testsson (DatabaseInitializer: serial 98 + last birth digit + check digit).</summary>
    private static readonly string Testa = DemoPnr("20100505");

    private static string DemoPnr(string birthDate)
    {
        var nine = birthDate[2..] + "98" + birthDate[^1];
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var v = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }

        return birthDate + "-98" + birthDate[^1] + ((10 - sum % 10) % 10).ToString(CultureInfo.InvariantCulture);
    }

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
    public async Task Dpo_SearchesByPersonnummer_ReviewsFlaggedAccess_SignsOff_AndReleasesAnAccessReport()
    {
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();

        // A social worker opens the seeded SIG case of Testa Testsson (not a named member of it: the demo seed has none).
        await LogInAsync(page, "socialsekreterare");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^SIG-") }).First.ClickAsync();
        await page.WaitForPageAsync(new Regex("/Cases/Details/"));
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Logga ut") }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/$"));

        // The DPO searches the log by personnummer; the anomaly scan has flagged the read.
        await LogInAsync(page, "dataskyddsombud");
        await page.GotoAsync(app.BaseUrl + "/Audit");
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Personnummer (den registrerade)").FillAsync(Testa);
        await page.GetByLabel("Bara flaggade poster").CheckAsync();
        var rows = page.Locator("table.audit tbody tr");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true }).ClickAsync(),
                r => r.Request.Method == "POST" && r.Url.EndsWith("/Audit", StringComparison.Ordinal));
            // Polled in the page, not Playwright's load-state record, which hung after a form post now and then (BrowserNavigation).
            await page.WaitForPageAsync(new Regex("/Audit$"));
            if (await rows.Filter(new() { HasText = "case.read" }).CountAsync() > 0) break;
            await page.WaitForTimeoutAsync(500); // the background scan runs every second in this fixture
        }

        var flagged = rows.Filter(new() { HasText = "case.read" }).Filter(new() { HasText = "Alva Demosson" });
        await Assertions.Expect(flagged.First).ToContainTextAsync("Åtkomst utanför de egna ärendena");
        Assert.DoesNotContain("Fiktiv demotext", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Testa, page.Url, StringComparison.Ordinal);
        await Browser.AssertAccessibleAsync(page);

        // The same search as CSV: the page's script streams it with a progress bar and saves the file.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Exportera till CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync(), System.Text.Encoding.UTF8);
        var csvRows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(csvRows);
        Assert.Contains(csvRows, r => r.Contains(";case.read;", StringComparison.Ordinal));
        Assert.DoesNotContain("Fiktiv demotext", csv, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#export-text")).ToHaveTextAsync($"Klart: {csvRows.Count} poster exporterade.");
        Assert.Equal(100, await page.Locator("#export-progress").EvaluateAsync<double>("p => p.value"));
        await Browser.AssertAccessibleAsync(page);

        // Loggkontroll for this month and the unit Barn och unga, assigned to the DPO.
        await page.GetByRole(AriaRole.Link, new() { Name = "Loggkontroll" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Flaggor per vecka" })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Enhet").SelectOptionAsync("Barn och unga");
        await page.GetByLabel("Granskare").SelectOptionAsync(new SelectOptionValue { Label = "Hugo Granskare (dataskyddsombud)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa loggkontroll" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Audit/Review/"));
        await Browser.AssertAccessibleAsync(page);

        // Judge every entry: the flagged read needs an explanation, the rest are fine. Then sign off.
        var forms = page.Locator("form.outcome-form");
        var count = await forms.CountAsync();
        Assert.True(count >= 1, "the review has entries");
        for (var i = 0; i < count; i++)
        {
            var form = page.Locator("form.outcome-form").Nth(i);
            var row = page.Locator("table tbody tr").Filter(new() { Has = page.Locator("form.outcome-form") }).Nth(i);
            var isFlaggedRead = (await row.InnerTextAsync()).Contains("Åtkomst utanför de egna ärendena", StringComparison.Ordinal);
            await form.Locator("select").SelectOptionAsync(isFlaggedRead ? "needs_explanation" : "ok");
            if (isFlaggedRead) await form.Locator("textarea").FillAsync("Läste ärendet utan att vara namngiven deltagare. Fråga handläggaren.");
            await form.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Bedömningen är sparad");
        }

        await page.GetByLabel("Sammanfattning (valfri)").FillAsync("Månadens kontroll klar.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Signera loggkontrollen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Loggkontrollen är signerad");
        await Assertions.Expect(page.Locator("dl.facts").First).ToContainTextAsync("Signerad");
        await Browser.AssertAccessibleAsync(page);

        await page.GotoAsync(app.BaseUrl + "/Audit/Report");
        await Assertions.Expect(page.Locator("article.report-doc")).ToContainTextAsync("Behöver förklaras");
        await Browser.AssertAccessibleAsync(page);

        // Registerutdrag for Testa Testsson: screening, confirmation, release, printable document and JSON.
        await page.GetByRole(AriaRole.Link, new() { Name = "Registerutdrag" }).ClickAsync();
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Personnummer eller samordningsnummer").FillAsync(Testa);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ta fram utkast" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Audit/AccessReportDraft/"));
        await Assertions.Expect(page.Locator("dl.facts").First).ToContainTextAsync("Testa Testsson");
        await Browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lämna ut registerutdraget" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Bekräfta att sekretessprövningen är gjord");
        await page.GetByLabel("Jag har sekretessprövat utdraget").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lämna ut registerutdraget" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Audit/AccessReportDocument/"));
        var document = page.Locator("article.report-doc");
        await Assertions.Expect(document).ToContainTextAsync("Vilka har tagit del av uppgifter om dig");
        await Assertions.Expect(document).ToContainTextAsync("Socialnämnden, Kristianstads kommun");
        await Assertions.Expect(document).ToContainTextAsync("Personalens namn lämnas inte ut");
        Assert.DoesNotContain("Alva Demosson", await document.InnerTextAsync(), StringComparison.Ordinal);
        await Browser.AssertAccessibleAsync(page);

        var json = await page.APIRequest.GetAsync(page.Url + "?handler=Json");
        Assert.Equal(200, json.Status);
        using var parsed = JsonDocument.Parse(await json.TextAsync());
        Assert.Equal("samverkan-registerutdrag/v1", parsed.RootElement.GetProperty("format").GetString());
        Assert.True(parsed.RootElement.GetProperty("accesses").GetArrayLength() >= 1);

        // Integrity: the whole chain, with progress, ends intact (and the check is itself in the log).
        await page.GetByRole(AriaRole.Link, new() { Name = "Loggens integritet" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Kontrollera hela loggkedjan" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verify-result")).ToContainTextAsync("Loggkedjan är obruten", new() { Timeout = 30_000 });
        await Browser.AssertAccessibleAsync(page);
    }
}
