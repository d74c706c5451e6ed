using System.Text.RegularExpressions;
using Samverkan.Sekretess.Core.Seeding;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>Signs a plain HTTP client in as a demo persona, the way a browser would (antiforgery token included).</summary>
internal static partial class HttpLogin
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<string> TokenFromAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return TokenPattern().Match(html).Groups[1].Value;
    }

    public static async Task LogInAsync(HttpClient client, string userName)
    {
        var token = await TokenFromAsync(client, "/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = DemoPersonas.Password, ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect) throw new InvalidOperationException("Login failed in test setup.");
    }
}
