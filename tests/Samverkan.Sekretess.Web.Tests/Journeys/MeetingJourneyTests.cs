using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Journeys;

/// <summary>
/// The network meeting in Chromium: the socialsekreterare documents a consent that names social services and the police
/// both ways, books a samverkansmöte with the police present, writes social services' part of the minutes, discloses it
/// to the present with one click and adds an action; the police then sees the disclosed minutes at the agenda item.
/// Every page passes axe.
/// </summary>
public sealed class MeetingJourneyTests(AppServer app, Browser browser) : IClassFixture<AppServer>, IClassFixture<Browser>
{
    private const string Police = "Polismyndigheten, LPO Kristianstad";
    private const string Social = "Socialnämnden, Kristianstads kommun";
    private const string MinutesText = "Socialtjänsten berättade att stödboende är beviljat från december.";

    private static string Date(int days) => DateTime.UtcNow.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task SocialWorkerHoldsMeetingWithPolice_DisclosesMinutesAndAddsAction_PoliceSeesTheMinutes()
    {
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();
        await BrowserLogin.LogInAsync(page, app.BaseUrl, "socialsekreterare");

        await page.GetByRole(AriaRole.Link, new() { Name = "Öppna nytt ärende" }).ClickAsync();
        await page.GetByLabel("Ärendetyp").SelectOptionAsync("SIG");
        await page.GetByLabel("Personnummer eller samordningsnummer").FillAsync("20040303-9829");
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync("Fiktiv Mötesson");
        await page.GetByLabel(Police).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Öppna ärendet" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Cases/Details/[0-9a-f-]{36}$"));
        var caseUrl = page.Url;

        // A consent from the (adult) person that names both authorities as senders and as recipients.
        await page.GetByRole(AriaRole.Link, new() { Name = "Samtycken" }).ClickAsync();
        await page.GetByLabel("Fiktiv Mötesson själv").CheckAsync();
        foreach (var legend in new[] { "Vilka myndigheter får lämna ut?", "Till vilka namngivna mottagare?" })
        {
            var set = page.Locator("fieldset", new() { HasText = legend });
            await set.GetByLabel(Social).CheckAsync();
            await set.GetByLabel(Police).CheckAsync();
        }

        await page.GetByLabel(new Regex("^S1 – ")).CheckAsync();
        await page.GetByLabel(new Regex("^AP – ")).CheckAsync();
        await page.GetByLabel(new Regex("^Personen har fått veta")).CheckAsync();
        await page.GetByLabel(new Regex("^Personen vet att samtycket")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera samtycket" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Consents/Details/[0-9a-f-]{36}$"));

        // Book the meeting from the case page.
        await page.GotoAsync(caseUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Samverkansmöten" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Meetings/Case/"));
        await Browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = Police, Exact = true }).CheckAsync();
        await page.GetByLabel(new Regex("^Alva Demosson")).CheckAsync();
        await page.GetByLabel(new Regex("^Dan Påhittad")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Boka mötet" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Meetings/Details/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync(Police);
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Dan Påhittad");
        await Browser.AssertAccessibleAsync(page);

        // The person is on the agenda because the consent covers both present authorities.
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Fiktiv Mötesson") }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Meetings/Item/[0-9a-f-]{36}$"));
        var itemUrl = page.Url;
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Kategori").SelectOptionAsync("S1");
        await page.GetByLabel("Det din myndighet sa vid mötet").FillAsync(MinutesText);
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara protokollsdelen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".minute")).ToContainTextAsync(MinutesText);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lämna ut protokollsdelen till de närvarande med samtycke" }).ClickAsync();
        await Assertions.Expect(page.Locator("#disclosure-outcomes")).ToContainTextAsync($"Utlämnad till {Police} med samtycke.");
        await Assertions.Expect(page.Locator(".minute")).ToContainTextAsync($"Utlämnad till: {Police}");
        await Browser.AssertAccessibleAsync(page);

        await page.GetByLabel("Åtgärd", new() { Exact = true }).FillAsync("Ordna stödboende");
        await page.GetByLabel("Ansvarig").FillAsync("Socialsekreteraren");
        await page.GetByLabel("Senast").FillAsync(Date(21));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till åtgärden" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.plan")).ToContainTextAsync("Ordna stödboende");
        await page.GotoAsync(caseUrl);
        await Assertions.Expect(page.Locator("table.plan")).ToContainTextAsync("Ordna stödboende");
        await BrowserLogin.LogOutAsync(page);

        // The police see social services' disclosed part of the minutes, but not its undisclosed action.
        await BrowserLogin.LogInAsync(page, app.BaseUrl, "kommunpolis");
        await page.GotoAsync(itemUrl);
        await Assertions.Expect(page.Locator(".minute")).ToContainTextAsync(MinutesText);
        await Assertions.Expect(page.Locator(".minute")).ToContainTextAsync("utlämnad till din myndighet");
        Assert.DoesNotContain("Ordna stödboende", await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.AssertAccessibleAsync(page);
    }
}
