using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Journeys;

/// <summary>
/// A socialsekreterare opens a SIG case with the police taking part and an action plan; the police
/// sees the case frame and only its own part, adds its own commitment, and cannot edit social
/// services' part. Every page passes axe.
/// </summary>
public sealed class CaseWorkspaceJourneyTests(AppServer app, Browser browser) : IClassFixture<AppServer>, IClassFixture<Browser>
{
    private async Task LogInAsync(IPage page, string userName)
    {
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.GetByLabel("Användarnamn").FillAsync(userName);
        await page.GetByLabel("Lösenord").FillAsync(DemoPersonas.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        // Second factor: a TOTP code from the documented demo secret.
        await page.WaitForPageAsync(new Regex("/Account/Mfa"));
        await BrowserMfa.CompleteAsync(page, app.BaseUrl, userName);
    }

    [Fact]
    public async Task SocialWorkerOpensSigCaseWithPoliceAndPlan_PoliceSeesOnlyItsOwnPart()
    {
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();

        await LogInAsync(page, "socialsekreterare");
        await page.GetByRole(AriaRole.Link, new() { Name = "Öppna nytt ärende" }).ClickAsync();
        await page.GetByLabel("Ärendetyp").SelectOptionAsync("SIG");
        await page.GetByLabel("Personnummer eller samordningsnummer").FillAsync("20120303-9811");
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync("Fiktiv Planesson");
        await page.GetByLabel("Polismyndigheten, LPO Kristianstad").CheckAsync();
        await Browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Öppna ärendet" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Cases/Details/[0-9a-f-]{36}$"));
        var caseUrl = page.Url;
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Polismyndigheten, LPO Kristianstad");

        await page.GetByLabel("Rubrik").FillAsync("Utredning inledd");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Fiktiv utredningstext.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara uppgiften" }).ClickAsync();
        await page.WaitForPageAsync(new Regex(Regex.Escape(caseUrl)));
        await page.GetByLabel("Vad ska göras?").FillAsync("Boka nätverksmöte");
        await page.GetByLabel("Vem ansvarar?").FillAsync("Socialsekreteraren");
        await page.GetByLabel("Senast").FillAsync(DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till åtagandet" }).ClickAsync();
        await page.WaitForPageAsync(new Regex(Regex.Escape(caseUrl)));
        await Assertions.Expect(page.Locator("table.plan")).ToContainTextAsync("Boka nätverksmöte");
        await Browser.AssertAccessibleAsync(page);

        // Status change through the plan's own form.
        await page.GetByLabel("Status för Boka nätverksmöte").SelectOptionAsync("pagar");
        await page.Locator("table.plan").GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await page.WaitForPageAsync(new Regex(Regex.Escape(caseUrl)));
        await Assertions.Expect(page.GetByLabel("Status för Boka nätverksmöte")).ToHaveValueAsync("pagar");

        // Edit the item (own authority only).
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Ändra uppgiften") }).ClickAsync();
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Rubrik").FillAsync("Utredning pågår");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara ändringen" }).ClickAsync();
        await page.WaitForPageAsync(new Regex(Regex.Escape(caseUrl)));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Utredning pågår" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Logga ut") }).ClickAsync();

        // The police: the case frame, none of social services' items or commitments, its own commitment.
        await LogInAsync(page, "kommunpolis");
        await page.GotoAsync(caseUrl);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Ärende SIG-");
        var content = await page.ContentAsync();
        Assert.DoesNotContain("Utredning pågår", content, StringComparison.Ordinal);
        Assert.DoesNotContain("Boka nätverksmöte", content, StringComparison.Ordinal);
        Assert.DoesNotContain("Ändra uppgiften", content, StringComparison.Ordinal);
        await page.GetByLabel("Vad ska göras?").FillAsync("Orosamtal med familjen");
        await page.GetByLabel("Vem ansvarar?").FillAsync("Kommunpolisen");
        await page.GetByLabel("Senast").FillAsync(DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till åtagandet" }).ClickAsync();
        await page.WaitForPageAsync(new Regex(Regex.Escape(caseUrl)));
        await Assertions.Expect(page.Locator("table.plan")).ToContainTextAsync("Orosamtal med familjen");
        await Browser.AssertAccessibleAsync(page);
    }
}
