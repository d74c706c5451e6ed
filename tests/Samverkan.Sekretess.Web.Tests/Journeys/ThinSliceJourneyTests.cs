using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Journeys;

/// <summary>
/// The walking skeleton's journey in real Chromium against real Kestrel and PostgreSQL:
/// a socialsekreterare opens a SIG case and adds an item; the kommunpolis cannot see it (404);
/// the DPO sees both the permitted and the denied access in the audit log, without case content.
/// Every page visited passes axe (WCAG 2.1 A/AA).
/// </summary>
public sealed class ThinSliceJourneyTests(AppServer app, Browser browser) : IClassFixture<AppServer>, IClassFixture<Browser>
{
    private const string ItemTitle = "Orosanmälan inkommen";
    private const string PersonName = "Fiktiv Journeysson";

    private async Task LogInAsync(IPage page, string userName)
    {
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Användarnamn").FillAsync(userName);
        await page.GetByLabel("Lösenord").FillAsync(DemoPersonas.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        // Second factor: a TOTP code from the documented demo secret.
        await page.WaitForPageAsync(new Regex("/Account/Mfa"));
        await BrowserMfa.CompleteAsync(page, app.BaseUrl, userName);
    }

    private static async Task LogOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Logga ut") }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/$"));
    }

    [Fact]
    public async Task SocialWorkerCreatesSigCase_PoliceGets404_DpoSeesBothInAuditLog()
    {
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();

        // Start page, anonymous.
        await page.GotoAsync(app.BaseUrl + "/");
        await Browser.AssertAccessibleAsync(page);

        // The socialsekreterare opens a SIG case and records an S1 item.
        await LogInAsync(page, "socialsekreterare");
        await Browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Öppna nytt ärende" }).ClickAsync();
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Ärendetyp").SelectOptionAsync("SIG");
        await page.GetByLabel("Personnummer eller samordningsnummer").FillAsync("20120303-9811");
        await page.GetByLabel("Namn").FillAsync(PersonName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Öppna ärendet" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Cases/Details/[0-9a-f-]{36}$"));
        var caseUrl = page.Url;
        var heading = await page.Locator("h1").InnerTextAsync();
        var reference = heading.Replace("Ärende ", "", StringComparison.Ordinal).Trim();
        Assert.Matches("^SIG-\\d{4}-\\d{4}$", reference);
        Assert.DoesNotContain(PersonName, await page.TitleAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("9811", caseUrl, StringComparison.Ordinal);
        await Browser.AssertAccessibleAsync(page);

        await page.GetByLabel("Kategori").SelectOptionAsync("S1");
        await page.GetByLabel("Rubrik").FillAsync(ItemTitle);
        await page.GetByLabel("Text").FillAsync("Fiktiv text om oro. <script>alert(1)</script>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara uppgiften" }).ClickAsync();
        await page.WaitForPageAsync(new Regex(Regex.Escape(caseUrl)));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = ItemTitle })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("<script>alert(1)</script>", new() { Exact = false })).ToBeVisibleAsync(); // rendered inert, as text
        await Browser.AssertAccessibleAsync(page);
        await LogOutAsync(page);

        // The kommunpolis: not in the list, and the URL answers 404.
        await LogInAsync(page, "kommunpolis");
        Assert.DoesNotContain(reference, await page.ContentAsync(), StringComparison.Ordinal);
        var response = await page.GotoAsync(caseUrl);
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sidan hittades inte" })).ToBeVisibleAsync();
        Assert.DoesNotContain(ItemTitle, await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.AssertAccessibleAsync(page);
        await LogOutAsync(page);

        // The DPO: both entries, no case content.
        await LogInAsync(page, "dataskyddsombud");
        await page.GotoAsync(app.BaseUrl + "/Audit");
        await Browser.AssertAccessibleAsync(page);
        var rows = page.Locator("table.audit tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = "case.read" }).Filter(new() { HasText = "Nekad" })
            .Filter(new() { HasText = "Dan Påhittad" })).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Filter(new() { HasText = "case.create" }).Filter(new() { HasText = "Tillåten" })
            .Filter(new() { HasText = "Alva Demosson" })).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Filter(new() { HasText = "item.create" }).Filter(new() { HasText = "Tillåten" })).ToHaveCountAsync(1);
        var content = await page.ContentAsync();
        Assert.DoesNotContain(ItemTitle, content, StringComparison.Ordinal);
        Assert.DoesNotContain(PersonName, content, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Kontrollera loggkedjans integritet" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Loggkedjan är obruten");
        await Browser.AssertAccessibleAsync(page);
    }
}

/// <summary>"Regelverket": the rules and the engine-computed matrix, readable by every signed-in user and accessible.</summary>
public sealed class PoliciesPageTests(AppServer app, Browser browser) : IClassFixture<AppServer>, IClassFixture<Browser>
{
    [Fact]
    public async Task Policies_SignedInUser_SeesMatrixGroundsAndRulesInSwedish()
    {
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.GetByLabel("Användarnamn").FillAsync("fritidsledare");
        await page.GetByLabel("Lösenord").FillAsync(DemoPersonas.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Account/Mfa"));
        await BrowserMfa.CompleteAsync(page, app.BaseUrl, "fritidsledare");

        await page.GetByRole(AriaRole.Link, new() { Name = "Regelverket" }).ClickAsync();

        await Assertions.Expect(page.Locator("table.matrix")).ToContainTextAsync("18a");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "ITEM-R-001" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "DPO-F-001" })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);
    }
}
