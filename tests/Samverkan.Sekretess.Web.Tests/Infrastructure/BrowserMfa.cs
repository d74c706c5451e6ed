using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>
/// The second login step in a browser. A code is only valid within its 30-second window; on a loaded CI
/// machine the page can land just outside it, so a refused code is retried once with the next fresh code.
/// A second refusal fails the test with the page's own message. (MFA itself is tested in MfaTests.)
/// </summary>
internal static class BrowserMfa
{
    public static async Task CompleteAsync(IPage page, string baseUrl, string userName)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByLabel("Engångskod").FillAsync(TestTotp.NextCode(baseUrl, userName));
            // Accepted: the POST answers with a redirect. Refused: the form comes back (200) with a message.
            var response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Verifiera" }).ClickAsync(),
                r => r.Request.Method == "POST" && r.Url.Contains("/Account/Mfa", StringComparison.Ordinal));
            if (response.Status is >= 300 and < 400) break;
            await page.WaitForLoadStateAsync(LoadState.Load);
            if (attempt == 2)
                Assert.Fail("Second factor refused twice: " + await page.Locator("main").InnerTextAsync());
        }

        await page.WaitForPageAsync(new Regex("/Cases$"));
    }
}
