using System.Net;
using System.Text.RegularExpressions;
using Samverkan.Sekretess.Core.Seeding;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>
/// Signs a plain HTTP client in as a demo persona, the way a browser would (antiforgery token included):
/// the password step, then a TOTP code computed from the documented demo secret (<see cref="TestTotp"/>).
/// </summary>
internal static partial class HttpLogin
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<string> TokenFromAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}. Server errors so far:\n{CapturedLogs.Provider.RecentErrors()}");
        var html = await response.Content.ReadAsStringAsync();
        return TokenPattern().Match(html).Groups[1].Value;
    }

    /// <summary>Both steps; throws if the client does not end up signed in.</summary>
    public static async Task LogInAsync(HttpClient client, string userName)
    {
        await PasswordStepAsync(client, userName);
        var response = await PostCodeAsync(client, TestTotp.NextCode(client.BaseAddress!.ToString().TrimEnd('/'), userName));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.StartsWith("/Account", StringComparison.Ordinal) == true)
            throw new InvalidOperationException("Second factor failed in test setup.");
    }

    /// <summary>The password step only: the client holds the short-lived second-factor cookie and nothing else.</summary>
    public static async Task<HttpResponseMessage> PasswordStepAsync(HttpClient client, string userName, string password = DemoPersonas.Password)
    {
        var token = await TokenFromAsync(client, "/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        if (password == DemoPersonas.Password && response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException("Login failed in test setup.");
        return response;
    }

    /// <summary>Posts a code to the second-factor page.</summary>
    public static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string code, string page = "/Account/Mfa", string field = "Code")
    {
        var token = await TokenFromAsync(client, page);
        return await client.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [field] = code, ["__RequestVerificationToken"] = token,
        }));
    }
}
