using System.Net;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Security;

/// <summary>The app in-memory at https://localhost, to see the Secure flag.</summary>
public sealed class HttpsAppServer : AppServer
{
    protected override bool UseTestServer => true;
}

/// <summary>Every cookie the login sets is HttpOnly and SameSite=Strict; over HTTPS also Secure.</summary>
public sealed class CookieFlagsTests(AppServer http, HttpsAppServer https) : IClassFixture<AppServer>, IClassFixture<HttpsAppServer>
{
    private static async Task<List<string>> LoginCookiesAsync(AppServer app)
    {
        using var client = app.CreateClient();
        var cookies = new List<string>();
        var page = await client.GetAsync("/Account/Login");
        cookies.AddRange(page.Headers.GetValues("Set-Cookie"));
        var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(),
            "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var password = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "kommunpolis", ["Password"] = Samverkan.Sekretess.Core.Seeding.DemoPersonas.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        cookies.AddRange(password.Headers.GetValues("Set-Cookie"));
        var code = await HttpLogin.PostCodeAsync(client, TestTotp.NextCode(app.BaseUrl, "kommunpolis"));
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        cookies.AddRange(code.Headers.GetValues("Set-Cookie"));
        Assert.Contains(cookies, c => c.StartsWith("samverkan.auth=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("samverkan.mfa=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("samverkan.csrf=", StringComparison.Ordinal));
        // Only cookies being set (not the deletions of the short-lived second-factor cookie).
        return cookies.Where(c => !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)).ToList();
    }

    [Fact]
    public async Task OverHttp_CookiesAreHttpOnlyAndSameSiteStrict()
    {
        foreach (var cookie in await LoginCookiesAsync(http))
        {
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task OverHttps_CookiesAreAlsoSecure()
    {
        foreach (var cookie in await LoginCookiesAsync(https))
        {
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }
}
