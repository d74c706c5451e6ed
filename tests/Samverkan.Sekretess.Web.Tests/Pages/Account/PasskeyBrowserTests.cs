using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Account;

/// <summary>
/// The whole passkey ceremony in Chromium with its virtual authenticator (CDP WebAuthn domain): a user signed in with
/// password and TOTP adds a passkey, signs out, and signs in with the passkey alone; then removes it, after which
/// it no longer works. The pages pass axe.
/// </summary>
public sealed class PasskeyBrowserTests(AppServer app, Browser browser) : IClassFixture<AppServer>, IClassFixture<Browser>
{
    [Fact]
    public async Task UserAddsPasskey_SignsInWithItAlone_RemovesIt_ThenItNoLongerWorks()
    {
        var userName = await TestUsers.CreateWithMfaAsync(app);
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE" });
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        var authenticator = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true,
                ["hasUserVerification"] = true, ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
        Assert.NotNull(authenticator);

        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.GetByLabel("Användarnamn").FillAsync(userName);
        await page.GetByLabel("Lösenord").FillAsync(DemoPersonas.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in", Exact = true }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Account/Mfa"));
        await BrowserMfa.CompleteAsync(page, app.BaseUrl, userName);

        await page.GetByRole(AriaRole.Link, new() { Name = "Inloggning och säkerhet" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Inloggningsnycklar (passkeys)" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Account/Passkeys$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Lägg till nyckel" })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);
        await page.GetByLabel("Namn på nyckeln").FillAsync("Testdatorn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till nyckel" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("status=added"));
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Testdatorn", Exact = true })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Logga ut") }).ClickAsync();
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Använd inloggningsnyckel" })).ToBeVisibleAsync();
        await Browser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Använd inloggningsnyckel" }).ClickAsync();
        await page.WaitForPageAsync(new Regex("/Cases$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        // Removing it: the passkey no longer signs in (the authenticator still holds the credential).
        await page.GotoAsync(app.BaseUrl + "/Account/Passkeys");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Ta bort") }).ClickAsync();
        await page.WaitForPageAsync(new Regex("status=removed"));
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Logga ut") }).ClickAsync();
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Använd inloggningsnyckel" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Inloggningen med nyckel misslyckades");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
    }
}
