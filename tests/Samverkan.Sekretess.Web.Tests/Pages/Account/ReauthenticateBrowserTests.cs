using Microsoft.Playwright;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Account;

/// <summary>The re-authentication page in Chromium at 320 px: its error summary shows, nothing scrolls sideways, and it passes axe.</summary>
public sealed class ReauthenticateBrowserTests(AppServer app, Browser browser) : IClassFixture<AppServer>, IClassFixture<Browser>
{
    [Fact]
    public async Task ReauthenticatePage_At320Pixels_ShowsTheErrorSummary_WithoutSidewaysScrolling()
    {
        var userName = await TestUsers.CreateWithMfaAsync(app);
        await using var context = await browser.Instance.NewContextAsync(new() { Locale = "sv-SE", ViewportSize = new() { Width = 320, Height = 640 } });
        var page = await context.NewPageAsync();
        await BrowserLogin.LogInAsync(page, app.BaseUrl, userName);

        await page.GotoAsync(app.BaseUrl + "/Account/Reauthenticate?ReturnUrl=%2FAccount%2FSecurity");
        await page.GetByLabel("Lösenord").FillAsync("fel lösenord");
        await page.GetByLabel("Kod från autentiseringsappen").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bekräfta", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Lösenordet eller koden stämmer inte");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "the page scrolls sideways at 320 px");
        await Browser.AssertAccessibleAsync(page);
    }
}
