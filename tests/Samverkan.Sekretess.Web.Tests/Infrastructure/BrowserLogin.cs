using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Samverkan.Sekretess.Core.Seeding;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>Password step, then the second factor with a TOTP code from the documented demo secret; and logging out.</summary>
internal static class BrowserLogin
{
    public static async Task LogInAsync(IPage page, string baseUrl, string userName)
    {
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.GetByLabel("Användarnamn").FillAsync(userName);
        await page.GetByLabel("Lösenord").FillAsync(DemoPersonas.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/Account/Mfa"));
        await BrowserMfa.CompleteAsync(page, baseUrl, userName);
    }

    /// <summary>
    /// Waits until the sign-out is answered and its redirect has loaded: a next login's navigation that starts while the
    /// sign-out is still in flight can be overtaken by it (seen once on a loaded CI machine as a login stuck on its page).
    /// </summary>
    public static async Task LogOutAsync(IPage page)
    {
        await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Logga ut") }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/Account/Logout", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.Load);
    }
}
