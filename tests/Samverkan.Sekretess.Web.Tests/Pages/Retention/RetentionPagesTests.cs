using System.Net;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;
using Samverkan.Sekretess.Web.Tests.Pages.Account;
using Samverkan.Sekretess.Web.Tests.Pages.Audit;

namespace Samverkan.Sekretess.Web.Tests.Pages.Retention;

/// <summary>
/// The thinning pages over plain HTTP: the arkivarie gets the lists and the holds; the DPO gets the holds only; every
/// other persona gets 404 on every page and action, each attempt audited; anonymous callers are sent to the login.
/// </summary>
public sealed class RetentionPagesTests(DpoAppServer app) : IClassFixture<DpoAppServer>
{
    private static readonly string Missing = Guid.NewGuid().ToString();

    public static TheoryData<string> NotArchivist() => new(DemoPersonas.Users.Select(u => u.UserName).Where(u => u != "arkivarie"));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string token, params (string Key, string Value)[] fields) =>
        await client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new("__RequestVerificationToken", token))));

    [Theory]
    [MemberData(nameof(NotArchivist))]
    public async Task EveryoneButTheArkivarie_Gets404_OnTheListsAndDecisions_AndEachAttemptIsAudited(string userName)
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, userName);
        var token = await HttpLogin.TokenFromAsync(client, "/Cases");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Retention")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Retention/Run/{Missing}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, $"/Retention/Run/{Missing}?handler=Approve", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, $"/Retention/Run/{Missing}?handler=Reject", token, ("Note", "Nej."))).StatusCode);
        var holdsAllowed = userName == "dataskyddsombud";
        Assert.Equal(holdsAllowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await client.GetAsync("/Retention/Holds")).StatusCode);
        if (!holdsAllowed)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Retention/Holds?handler=Place", token,
                ("Form.CaseReference", "SIG-2026-0001"), ("Form.Kind", "jo"), ("Form.Reference", "JO 1-2026"), ("Form.Reason", "Test"))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, $"/Retention/Holds?handler=Lift&id={Missing}", token)).StatusCode);
        }

        var denied = await app.DeniedActionsOfAsync(userName);
        Assert.Contains(denied, d => d.StartsWith("retention.read", StringComparison.Ordinal));
        Assert.Contains(denied, d => d == $"retention.decide@{Missing}");
        if (!holdsAllowed)
        {
            Assert.Contains(denied, d => d.StartsWith("retention.hold.read", StringComparison.Ordinal));
            Assert.Contains(denied, d => d.StartsWith("retention.hold.place", StringComparison.Ordinal));
            Assert.Contains(denied, d => d == $"retention.hold.lift@{Missing}");
        }
    }

    [Fact]
    public async Task Anonymous_IsSentToLogin_OnEveryPage()
    {
        using var client = app.CreateClient();
        foreach (var path in new[] { "/Retention", $"/Retention/Run/{Missing}", "/Retention/Holds" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, path);
            Assert.StartsWith("/Account/Login", response.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Arkivarie_SeesTheListsAndHolds_AnUnknownListIs404_AndABadHoldGetsASwedishError()
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "arkivarie");
        var lists = await client.GetAsync("/Retention");
        Assert.Equal(HttpStatusCode.OK, lists.StatusCode);
        Assert.Contains("gallringslista", await lists.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Retention/Run/{Missing}")).StatusCode);
        var token = await HttpLogin.TokenFromAsync(client, "/Retention/Holds");

        var bad = await PostAsync(client, "/Retention/Holds?handler=Place", token,
            ("Form.CaseReference", "SIG-1900-9999"), ("Form.Kind", "jo"), ("Form.Reference", "JO 1-2026"), ("Form.Reason", "Test"));

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.True(html.Contains("Myndigheten deltar inte i något ärende med det numret.", StringComparison.Ordinal), html[Math.Max(0, html.IndexOf("<main", StringComparison.Ordinal))..]);
    }
}
