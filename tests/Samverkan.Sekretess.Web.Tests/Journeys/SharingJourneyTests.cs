using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Journeys;

/// <summary>
/// Consent and disclosure in Chromium: the socialsekreterare records consent from the youth and both guardians and
/// discloses the action plan to the police; the police liaison on an avhoppare sees only what social services
/// disclosed and gives a threat-assessment summary back on 10:27 with an anteckning; the skolkurator sees only the
/// police's disclosed commitments. Every page passes axe.
/// </summary>
public sealed class SharingJourneyTests(AppServer app, Browser browser) : IClassFixture<AppServer>, IClassFixture<Browser>
{
    private static string Date(int days) => DateTime.UtcNow.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task SocialWorkerRecordsConsentFromYouthAndBothGuardians_ThenDisclosesTheActionPlanToThePolice()
    {
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();
        await BrowserLogin.LogInAsync(page, app.BaseUrl, "socialsekreterare");

        await page.GetByRole(AriaRole.Link, new() { Name = "Öppna nytt ärende" }).ClickAsync();
        await page.GetByLabel("Ärendetyp").SelectOptionAsync("SIG");
        await page.GetByLabel("Personnummer eller samordningsnummer").FillAsync("20110404-9802");
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync("Fiktiv Samtyckesson");
        await page.GetByLabel("Polismyndigheten, LPO Kristianstad").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Öppna ärendet" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Cases/Details/[0-9a-f-]{36}$"));
        var caseUrl = page.Url;
        await page.GetByLabel("Vad ska göras?").FillAsync("Nätverksmöte med familjen");
        await page.GetByLabel("Vem ansvarar?").FillAsync("Socialsekreteraren");
        await page.GetByLabel("Senast").FillAsync(Date(14));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till åtagandet" }).ClickAsync();
        await page.WaitForPageAsync(new Regex(Regex.Escape(caseUrl)));

        // Consent: register both guardians, then document the consent of the youth and both guardians.
        await page.GetByRole(AriaRole.Link, new() { Name = "Samtycken" }).ClickAsync();
        foreach (var guardian in new[] { "Vera Samtyckesson", "Viktor Samtyckesson" })
        {
            await page.GetByLabel("Vårdnadshavarens namn").FillAsync(guardian);
            await page.GetByRole(AriaRole.Button, new() { Name = "Registrera vårdnadshavare" }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync(guardian);
        }

        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Fiktiv Samtyckesson själv").CheckAsync();
        await page.GetByLabel("Vera Samtyckesson (vårdnadshavare)").CheckAsync();
        await page.GetByLabel("Viktor Samtyckesson (vårdnadshavare)").CheckAsync();
        await page.GetByLabel("Bedömning av barnets ålder och mognad i just denna fråga").FillAsync("15 år, förstår vad samtycket innebär och vill delta.");
        await page.Locator("fieldset", new() { HasText = "Vilka myndigheter får lämna ut?" }).GetByLabel("Socialnämnden, Kristianstads kommun").CheckAsync();
        await page.Locator("fieldset", new() { HasText = "Till vilka namngivna mottagare?" }).GetByLabel("Polismyndigheten, LPO Kristianstad").CheckAsync();
        await page.GetByLabel(new Regex("^S1 – ")).CheckAsync();
        await page.GetByLabel(new Regex("^AP – ")).CheckAsync();
        await page.GetByLabel(new Regex("^Personen har fått veta")).CheckAsync();
        await page.GetByLabel(new Regex("^Personen vet att samtycket")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera samtycket" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Consents/Details/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator(".effective-scope")).ToContainTextAsync("Samtycket låter Socialnämnden, Kristianstads kommun lämna");
        await Assertions.Expect(page.Locator(".effective-scope")).ToContainTextAsync("till Polismyndigheten, LPO Kristianstad");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Viktor Samtyckesson (vårdnadshavare)");
        await Browser.AssertAccessibleAsync(page);

        // Disclose the action-plan commitment: recipient → preview → ground → decide.
        await page.GotoAsync(caseUrl);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Lämna ut åtagandet") }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Polismyndigheten, LPO Kristianstad" }).ClickAsync();
        await Assertions.Expect(page.Locator(".preview")).ToContainTextAsync("Nätverksmöte med familjen");
        await page.GetByRole(AriaRole.Link, new() { Name = "Samtycke" }).ClickAsync();
        await page.GetByLabel("Din bedömning i det enskilda fallet").FillAsync("Polisen behöver veta vilka insatser som planeras för att samordna sitt orosamtal.");
        await Browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Besluta och lämna ut") }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Disclosures/Case/"));
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("Samtycke");
        await Browser.AssertAccessibleAsync(page);
        await BrowserLogin.LogOutAsync(page);

        // The police sees the disclosed commitment, marked as received, and has a notification without content.
        await BrowserLogin.LogInAsync(page, app.BaseUrl, "kommunpolis");
        await page.GotoAsync(app.BaseUrl + "/Notifications");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Er myndighet har fått ett utlämnande");
        Assert.DoesNotContain("Nätverksmöte med familjen", await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.AssertAccessibleAsync(page);
        await page.GotoAsync(caseUrl);
        await Assertions.Expect(page.Locator("table.plan")).ToContainTextAsync("Nätverksmöte med familjen");
        await Assertions.Expect(page.Locator("table.plan")).ToContainTextAsync("Utlämnad till er");
    }

    [Fact]
    public async Task PoliceLiaisonOnAvhoppare_SeesOnlyWhatSocialServicesDisclosed_AndGivesASummaryBackOn27WithAnteckning()
    {
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();

        // Social services discloses its decision about protected housing to the police on 10:18 a (the person is 20).
        await BrowserLogin.LogInAsync(page, app.BaseUrl, "socialsekreterare");
        await page.GotoAsync(app.BaseUrl + "/Cases");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^AVHOPP-") }).ClickAsync();
        var caseUrl = page.Url;
        await page.GetByRole(AriaRole.Link, new() { Name = "Lämna ut till en annan myndighet Beslut om skyddat boende" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Polismyndigheten, LPO Kristianstad" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("unga under 21") }).ClickAsync();
        await page.GetByLabel(new Regex("^18 a §: särskilda omständigheter")).CheckAsync();
        await page.GetByLabel(new Regex("^18 a §: uppgiften kan antas")).CheckAsync();
        await page.GetByLabel(new Regex("^18 a §: det är prövat")).CheckAsync();
        await page.GetByLabel("Din bedömning i det enskilda fallet").FillAsync("Risk för fortsatt brottslighet; polisen behöver veta om placeringen för att skydda honom.");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Besluta och lämna ut") }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Disclosures/Case/"));
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("anteckning (OSF 5 §)");
        await BrowserLogin.LogOutAsync(page);

        // The police liaison: the disclosed decision, nothing else of social services' part.
        await BrowserLogin.LogInAsync(page, app.BaseUrl, "avhopparsamordnare");
        await page.GotoAsync(caseUrl);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Beslut om skyddat boende" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".received").First).ToContainTextAsync("Socialnämnden");
        var content = await page.ContentAsync();
        Assert.DoesNotContain("Fiktivgatan", content, StringComparison.Ordinal);
        Assert.DoesNotContain("placerad i annan kommun", content, StringComparison.Ordinal);
        await Browser.AssertAccessibleAsync(page);

        // Adds the threat assessment summary (P3) and discloses it to social services on the general clause.
        await page.GetByLabel("Kategori").SelectOptionAsync("P3");
        await page.GetByLabel("Rubrik").FillAsync("Sammanfattning av hotbedömning");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Fiktiv: förhöjd hotbild; undvik kända platser.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara uppgiften" }).ClickAsync();
        await page.WaitForPageAsync(new Regex(Regex.Escape(caseUrl)));
        await page.GetByRole(AriaRole.Link, new() { Name = "Lämna ut till en annan myndighet Sammanfattning av hotbedömning" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Socialnämnden, Kristianstads kommun" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Generalklausulen") }).ClickAsync();
        await page.GetByLabel(new Regex("^27 §: det är uppenbart")).CheckAsync();
        await page.GetByLabel("Din bedömning i det enskilda fallet").FillAsync("Socialtjänsten behöver hotbilden för att planera boendet säkert.");
        await Browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Besluta och lämna ut") }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Disclosures/Case/"));
        var row = page.Locator("tr", new() { HasText = "Polismyndigheten, LPO Kristianstad → Socialnämnden" });
        await Assertions.Expect(row).ToContainTextAsync("anteckning (OSF 5 §)");
        await Browser.AssertAccessibleAsync(page);
        await BrowserLogin.LogOutAsync(page);

        await BrowserLogin.LogInAsync(page, app.BaseUrl, "socialsekreterare");
        await page.GotoAsync(caseUrl);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sammanfattning av hotbedömning" })).ToBeVisibleAsync();
        Assert.DoesNotContain("hotbilden bedöms som förhöjd", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchoolCounsellorAddsK1Item_AndSeesOnlyThePolicesDisclosedActionPlan()
    {
        var caseId = await ArrangeSspfCaseWithPoliceCommitmentDisclosedToSchoolAsync();
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();
        await BrowserLogin.LogInAsync(page, app.BaseUrl, "skolkurator");
        var caseUrl = $"{app.BaseUrl}/Cases/Details/{caseId}";
        await page.GotoAsync(caseUrl);

        await page.GetByLabel("Kategori").SelectOptionAsync("K1");
        await page.GetByLabel("Rubrik").FillAsync("Frånvaro hösten");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Fiktiv: 35 % frånvaro sedan september.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara uppgiften" }).ClickAsync();
        await page.WaitForPageAsync(new Regex(Regex.Escape(caseUrl)));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Frånvaro hösten" })).ToBeVisibleAsync();

        var plan = page.Locator("table.plan");
        await Assertions.Expect(plan).ToContainTextAsync("Orosamtal med eleven");
        await Assertions.Expect(plan).ToContainTextAsync("Utlämnad till er");
        var content = await page.ContentAsync();
        Assert.DoesNotContain("Familjebehandling", content, StringComparison.Ordinal);
        Assert.DoesNotContain("Utredning enligt SoL", content, StringComparison.Ordinal);
        await Browser.AssertAccessibleAsync(page);
    }

    /// <summary>
    /// Setup through the same Core services the pages use: social services opens an SSPF case with school and police,
    /// both add commitments, the youth and guardians consent, and only the police discloses its commitment to the school.
    /// </summary>
    private async Task<Guid> ArrangeSspfCaseWithPoliceCommitmentDisclosedToSchoolAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        async Task<ProcessContext> As(string user) =>
            new((await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(user))!.Id, Purposes.CaseWork, Mfa: true);
        var social = await As("socialsekreterare");
        var police = await As("kommunpolis");
        var directory = await sp.GetRequiredService<DirectoryReads>().ListAuthoritiesAsync(CancellationToken.None);
        Guid Named(string prefix) => directory.Single(a => a.Name.StartsWith(prefix, StringComparison.Ordinal)).Id;
        var (school, policeAuthority, socialAuthority) = (Named("Utbildningsnämnden"), Named("Polismyndigheten"), Named("Socialnämnden"));

        var caseId = await sp.GetRequiredService<CaseWrites>().OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sspf, "20120707-9821", "Fiktiv Skolsson", [school, policeAuthority]), CancellationToken.None);
        var items = sp.GetRequiredService<ItemWrites>();
        await items.AddItemAsync(social, caseId, new AddItemCommand("S1", "Utredning enligt SoL", "Fiktiv text."), CancellationToken.None);
        var plan = sp.GetRequiredService<ActionPlanWrites>();
        await plan.AddEntryAsync(social, caseId, new AddActionPlanEntryCommand("Familjebehandling", "Socialsekreteraren", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20)), CancellationToken.None);
        var policeEntry = await plan.AddEntryAsync(police, caseId, new AddActionPlanEntryCommand("Orosamtal med eleven", "Kommunpolisen", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10)), CancellationToken.None);

        var consents = sp.GetRequiredService<ConsentWrites>();
        var a = await consents.AddGuardianAsync(social, caseId, new AddGuardianCommand("Greta Skolsson"), CancellationToken.None);
        var b = await consents.AddGuardianAsync(social, caseId, new AddGuardianCommand("Gustav Skolsson"), CancellationToken.None);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var consent = await consents.RecordAsync(social, caseId, new RecordConsentCommand(null, [socialAuthority, policeAuthority], [school, policeAuthority, socialAuthority],
            ["S1", "K1", "AP"], today, today.AddMonths(6), true, [a, b], "14 år, mogen nog att delta i beslutet.", null, ConsentForms.Written, true, true), CancellationToken.None);
        await sp.GetRequiredService<DisclosureWrites>().DiscloseAsync(police, "action_plan", policeEntry,
            new DiscloseCommand(school, "CONSENT", [consent], new Dictionary<string, string>(), "Skolan behöver veta om samtalet för att kunna stötta eleven.",
                DisclosureInitiatives.OwnInitiative, DisclosureChannels.System, false, null, Guid.NewGuid()), CancellationToken.None);
        return caseId;
    }
}
