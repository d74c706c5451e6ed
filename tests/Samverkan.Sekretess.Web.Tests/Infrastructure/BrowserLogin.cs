using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Samverkan.Sekretess.Core.Seeding;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>Password step, then the second factor with a TOTP code from the documented demo secret; and logging out.</summary>
internal static partial class BrowserLogin
{
    public static async Task LogInAsync(IPage page, string baseUrl, string userName)
    {
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.GetByLabel("Användarnamn").FillAsync(userName);
        await page.GetByLabel("Lösenord").FillAsync(DemoPersonas.Password);
        // Accepted: the POST answers with a redirect to the second step. Anything else fails here with what the server said,
        // rather than as a 30-second wait for a URL.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/Account/Login", StringComparison.Ordinal));
        if (response.Status is < 300 or >= 400)
        {
            var body = await response.TextAsync();
            Assert.Fail($"Password step answered {response.Status}: " + body[..Math.Min(body.Length, 3000)]);
        }

        await page.WaitForPageAsync(new Regex("/Account/Mfa"));
        await BrowserMfa.CompleteAsync(page, baseUrl, userName);
    }

    /// <summary>
    /// Waits until the sign-out is answered and its redirect to the start page has loaded: a next login's navigation that
    /// starts while the sign-out is still in flight can be overtaken by it (seen on a loaded CI machine as a login stuck on
    /// its page). Waiting for the start page's URL, not just a load state: the page being left has already loaded.
    /// </summary>
    public static async Task LogOutAsync(IPage page)
    {
        await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Logga ut") }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/Account/Logout", StringComparison.Ordinal));
        await page.WaitForPageAsync(StartPage());
    }

    [GeneratedRegex("^https?://[^/]+/$")]
    private static partial Regex StartPage();
}
