using System.Net;
using System.Text.RegularExpressions;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;
using Samverkan.Sekretess.Web.Tests.Pages.Account;

namespace Samverkan.Sekretess.Web.Tests.Pages.Admin;

/// <summary>The administrator's key rotation over HTTP: others get 404; after rotation and re-encryption people still sign in (TOTP keys) and read their cases.</summary>
public sealed class KeysTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task Administrator_RotatesAndReEncrypts_EverythingStaysReadable()
    {
        using var worker = app.CreateClient();
        await HttpLogin.LogInAsync(worker, "socialsekreterare");
        var before = CaseTable(await (await worker.GetAsync("/Cases")).TextAsync());

        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var page = await (await admin.GetAsync("/Admin/Keys")).TextAsync();
        var oldKey = Regex.Match(page, "<dd>([0-9a-f-]{36})</dd>").Groups[1].Value;
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin/Keys");
        var rotated = await admin.PostAsync("/Admin/Keys?handler=Rotate", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, rotated.StatusCode);
        Assert.EndsWith("left=0", rotated.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var after = await (await admin.GetAsync("/Admin/Keys")).TextAsync();
        Assert.DoesNotContain(oldKey, after, StringComparison.Ordinal);
        Assert.Matches("<dd>0</dd>", after);

        using var again = app.CreateClient();
        await HttpLogin.LogInAsync(again, "socialsekreterare");
        Assert.Equal(before, CaseTable(await (await again.GetAsync("/Cases")).TextAsync()));
        Assert.Contains("SIG-", before, StringComparison.Ordinal);
        Assert.Contains("Testa Testsson", await DetailsOfFirstCaseAsync(again), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryOtherPersona_Gets404()
    {
        foreach (var user in DemoPersonas.Users.Where(u => u.UserName != "systemforvaltare").Select(u => u.UserName).Take(3))
        {
            using var client = app.CreateClient();
            await HttpLogin.LogInAsync(client, user);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Admin/Keys")).StatusCode);
            var token = await HttpLogin.TokenFromAsync(client, "/Cases");
            var post = await client.PostAsync("/Admin/Keys?handler=Rotate", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
    }

    private static string CaseTable(string html) => Regex.Match(html, "<tbody>[\\s\\S]*?</tbody>").Value;

    private static async Task<string> DetailsOfFirstCaseAsync(HttpClient client)
    {
        var list = await client.GetStringAsync("/Cases");
        var href = Regex.Match(list, "href=\"(/Cases/Details/[^\"]+)\">SIG-").Groups[1].Value;
        return await (await client.GetAsync(WebUtility.HtmlDecode(href))).TextAsync();
    }
}
