using System.Net;
using System.Text.RegularExpressions;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Security;

/// <summary>
/// Crawls every page each persona can reach by following links (and the login pages anonymously) and
/// checks the Content-Security-Policy and the rule that makes it work: no inline script, no inline
/// event handlers, no javascript: URLs.
/// </summary>
public sealed partial class CspCrawlTests(AppServer app) : IClassFixture<AppServer>
{
    [GeneratedRegex("href=\"(/[^\"#]*)\"")]
    private static partial Regex Link();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<[^>]+\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    public static TheoryData<string> Personas() => new(DemoPersonas.Users.Select(u => u.UserName));

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task EveryReachablePage_HasCsp_AndNoInlineScript(string userName)
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, userName);
        var visited = await CrawlAsync(client, "/");
        Assert.Contains("/Cases", visited);
        if (userName == "systemforvaltare") Assert.Contains("/Admin/CreateUser", visited);
    }

    [Fact]
    public async Task AnonymousAndSecondFactorPages_HaveCsp_AndNoInlineScript()
    {
        using var client = app.CreateClient();
        await CrawlAsync(client, "/");
        await HttpLogin.PasswordStepAsync(client, "rektor");
        var visited = await CrawlAsync(client, "/Account/Mfa");
        Assert.Contains(visited, p => p.StartsWith("/Account/Recovery", StringComparison.Ordinal));
    }

    private static async Task<HashSet<string>> CrawlAsync(HttpClient client, string start)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0 && visited.Count < 200)
        {
            var path = queue.Dequeue();
            if (!visited.Add(path)) continue;
            var response = await client.GetAsync(path);
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{path}: no CSP");
            var policy = string.Join(";", csp);
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await response.Content.ReadAsStringAsync();
            Assert.False(InlineScript().IsMatch(html), $"{path}: inline <script>");
            Assert.False(InlineHandler().IsMatch(html), $"{path}: inline event handler");
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
            foreach (Match m in Link().Matches(html))
            {
                var next = WebUtility.HtmlDecode(m.Groups[1].Value);
                if (next.StartsWith("/css", StringComparison.Ordinal) || next.StartsWith("/js", StringComparison.Ordinal)) continue;
                if (!visited.Contains(next)) queue.Enqueue(next);
            }
        }

        return visited;
    }
}
