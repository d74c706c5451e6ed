using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;
using Samverkan.Sekretess.Web.Tests.Pages.Account;

namespace Samverkan.Sekretess.Web.Tests.Pages.Admin;

/// <summary>
/// In Chromium: the administrator creates a user in the own authority and gets a one-time code (no password); the user
/// chooses their own password with it, is forced to enrol the authenticator, saves the recovery codes, and later logs in
/// with a recovery code. Every new page (admin, code, first sign-in, enrol, recovery codes, second factor, recovery) passes axe.
/// </summary>
public sealed class AdminAndMfaPagesBrowserTests(AppServer app, Browser browser) : IClassFixture<AppServer>, IClassFixture<Browser>
{
    [Fact]
    public async Task AdministratorCreatesUser_UserEnrols_ThenLogsInWithRecoveryCode_AllPagesAccessible()
    {
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();

        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.GetByLabel("Användarnamn").FillAsync("systemforvaltare");
        await page.GetByLabel("Lösenord").FillAsync(DemoPersonas.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Account/Mfa"));
        await Browser.AssertAccessibleAsync(page);
        await BrowserMfa.CompleteAsync(page, app.BaseUrl, "systemforvaltare");

        await page.GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Admin$"));
        await Browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Lägg upp användare" }).ClickAsync();
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Användarnamn").FillAsync("nykurator");
        await page.GetByLabel("Namn", new() { Exact = true }).FillAsync("Ny Handläggare (test)");
        await page.GetByLabel("Myndighet").SelectOptionAsync(new SelectOptionValue { Label = "Socialnämnden, Kristianstads kommun" });
        await page.GetByLabel("Roll").SelectOptionAsync("socialsekreterare");
        await page.GetByLabel("Enhet").FillAsync("Barn och unga");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg upp användaren" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Användaren är upplagd" })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);
        var first = await page.Locator("#sign-in-code").InnerTextAsync();

        // Handed over wrongly? Reset: the first code stops working, a new one is shown once.
        await page.GotoAsync(app.BaseUrl + "/Admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Återställ inloggning för nykurator" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Admin/Reset"));
        await Browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Återställ hela inloggningen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inloggningen är återställd" })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);
        var code = await page.Locator("#sign-in-code").InnerTextAsync();
        Assert.NotEqual(first, code);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Logga ut") }).ClickAsync();

        // The new user: chooses their own password with the one-time code, then is forced to enrol.
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Första inloggningen") }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Account/FirstSignIn"));
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Användarnamn").FillAsync("nykurator");
        await page.GetByLabel("Engångskod från systemförvaltaren").FillAsync(code);
        await page.GetByLabel("Nytt lösenord").FillAsync("password123");
        await page.GetByLabel("Upprepa lösenordet").FillAsync("password123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara lösenordet och fortsätt" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("minst 12 tecken");
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Engångskod från systemförvaltaren").FillAsync(code);
        await page.GetByLabel("Nytt lösenord").FillAsync(TestUsers.Password);
        await page.GetByLabel("Upprepa lösenordet").FillAsync(TestUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara lösenordet och fortsätt" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Account/Enrol"));
        await Browser.AssertAccessibleAsync(page);
        var key = (await page.Locator("#shared-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await page.GetByLabel("Engångskod från appen").FillAsync(TestTotp.Code(key, TestTotp.CurrentStep));
        await page.GetByRole(AriaRole.Button, new() { Name = "Aktivera" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Spara dina återställningskoder" })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);
        var codes = await page.Locator("ul.recovery-codes code").AllInnerTextsAsync();
        Assert.Equal(10, codes.Count);
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("fortsätt") }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Cases$"));
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Logga ut") }).ClickAsync();

        // Lost phone: a recovery code instead.
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.GetByLabel("Användarnamn").FillAsync("nykurator");
        await page.GetByLabel("Lösenord").FillAsync(TestUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Account/Mfa"));
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("återställningskod") }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Account/Recovery"));
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Återställningskod").FillAsync(codes[3]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Cases$"));
    }
}
