using System.Net;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;
using Samverkan.Sekretess.Web.Tests.Pages.Account;

namespace Samverkan.Sekretess.Web.Tests.Pages.Audit;

/// <summary>
/// Every page of the DPO workspace over plain HTTP: the DPO gets them; the enhetschef gets search, export and the
/// loggkontroll of the own unit only; every other persona gets 404 on every page and action, and each attempt is
/// an audit entry; anonymous callers are sent to the login.
/// </summary>
public sealed class AuditPagesTests(DpoAppServer app) : IClassFixture<DpoAppServer>
{
    private static readonly string Missing = Guid.NewGuid().ToString();

    /// <summary>GET pages and the persona-independent POSTs (path, handler form fields).</summary>
    private static readonly string[] DpoOnlyPages =
    [
        "/Audit/AccessReport", "/Audit/Verify", "/Audit/Verify?handler=Checkpoints", $"/Audit/AccessReportDraft/{Missing}",
        $"/Audit/AccessReportDocument/{Missing}", $"/Audit/AccessReportDocument/{Missing}?handler=Json", "/Audit/Residual",
    ];

    private static readonly string[] ReviewPages = ["/Audit", "/Audit/Dashboard", "/Audit/Report", $"/Audit/Review/{Missing}"];

    public static TheoryData<string> NonDpoPersonas() =>
        new(DemoPersonas.Users.Select(u => u.UserName).Where(u => u is not ("dataskyddsombud" or "enhetschef")));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string token, params (string Key, string Value)[] fields) =>
        await client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new("__RequestVerificationToken", token))));

    [Theory]
    [MemberData(nameof(NonDpoPersonas))]
    public async Task EveryOtherPersona_Gets404_OnEveryPageAndAction_AndEachAttemptIsAudited(string userName)
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, userName);
        var token = await HttpLogin.TokenFromAsync(client, "/Cases");

        foreach (var path in ReviewPages.Concat(DpoOnlyPages))
            Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, path);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Audit", token, ("Form.PersonalNumber", "20100505-9851"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Audit/Export", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Audit/AccessReport", token, ("PersonalNumber", "20100505-9851"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Audit/Verify?handler=Start", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Audit/Dashboard?handler=Create", token,
            ("Period", "2026-11"), ("Unit", "Barn och unga"), ("Reviewer", Missing))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, $"/Audit/Review/{Missing}?handler=Sign", token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, $"/Audit/AccessReportDraft/{Missing}?handler=Release", token, ("confirmed", "true"))).StatusCode);

        var denied = await app.DeniedActionsOfAsync(userName);
        foreach (var action in new[] { "audit.search", "audit.export", "audit.review", "audit.report", "audit.verify" })
            Assert.Contains(denied, d => d.StartsWith(action, StringComparison.Ordinal));
        Assert.True(denied.Count >= 17, $"{denied.Count} denied entries: {string.Join(", ", denied)}");
    }

    [Fact]
    public async Task Anonymous_IsSentToLogin_OnEveryPage()
    {
        using var client = app.CreateClient();
        foreach (var path in ReviewPages.Concat(DpoOnlyPages).Append("/Audit/Export"))
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, path);
            Assert.StartsWith("/Account/Login", response.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dpo_SeesTheResidualAccessReport()
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "dataskyddsombud");

        var response = await client.GetAsync("/Audit/Residual");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.TextAsync();
        Assert.Contains("<h1>Kvarvarande åtkomst</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Utlämnat av oss och fortfarande i kraft", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnitManager_GetsOwnUnitsSearchAndLogReview_ButNotReportsOrIntegrity()
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "enhetschef");
        var search = await (await client.GetAsync("/Audit")).TextAsync();
        Assert.Contains("Loggposter för användarna i din enhet (Barn och unga)", search, StringComparison.Ordinal);
        Assert.DoesNotContain("Dan Påhittad", search, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Audit/Dashboard")).StatusCode);
        foreach (var path in DpoOnlyPages)
            Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.NotFound, path);
    }

    [Fact]
    public async Task Dpo_SearchesByPersonnummerInTheBody_AndExportsCsvWithATotal()
    {
        using var worker = app.CreateClient();
        await HttpLogin.LogInAsync(worker, "socialsekreterare");
        using var dpo = app.CreateClient();
        await HttpLogin.LogInAsync(dpo, "dataskyddsombud");
        var token = await HttpLogin.TokenFromAsync(dpo, "/Audit");

        var page = await PostAsync(dpo, "/Audit", token, ("Form.Action", "auth."), ("Form.Sort", "oldest"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.TextAsync();
        Assert.Contains("Alva Demosson", html, StringComparison.Ordinal);
        Assert.Contains("auth.mfa.totp", html, StringComparison.Ordinal);

        var invalid = await (await PostAsync(dpo, "/Audit", token, ("Form.PersonalNumber", "20100505-0000"))).TextAsync();
        Assert.Contains("Kontrollsiffran stämmer inte", invalid, StringComparison.Ordinal);

        var export = await PostAsync(dpo, "/Audit/Export", token, ("Form.Action", "auth."));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        long Header(string name) => long.Parse(export.Headers.GetValues(name).Single(), System.Globalization.CultureInfo.InvariantCulture);
        var (from, to) = (Header("X-Export-From"), Header("X-Export-To"));
        Assert.Equal("desc", export.Headers.GetValues("X-Export-Order").Single());
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 5, $"{lines.Length}");
        // The numbers the progress bar reads: within the announced range, newest first.
        var numbers = lines.Skip(1).Select(l => long.Parse(l[..l.IndexOf(';')], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(numbers, n => Assert.InRange(n, from, to));
        Assert.Equal(numbers.OrderDescending(), numbers);
        Assert.All(lines.Skip(1), l => Assert.Contains(";auth.", l, StringComparison.Ordinal));
        Assert.DoesNotContain("20100505", export.RequestMessage!.RequestUri!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dpo_SortsTheHitsByDecision_DeniedFirst_AndTheTableSaysSo()
    {
        using var denied = app.CreateClient();
        await HttpLogin.PasswordStepAsync(denied, "socialsekreterare", "fel lösenord");
        using var dpo = app.CreateClient();
        await HttpLogin.LogInAsync(dpo, "dataskyddsombud");
        var token = await HttpLogin.TokenFromAsync(dpo, "/Audit");

        var html = await (await PostAsync(dpo, "/Audit", token, ("Form.Action", "auth."), ("Form.Sort", "decision"))).TextAsync();

        var body = html[html.IndexOf("<tbody>", StringComparison.Ordinal)..];
        var firstPermitted = body.IndexOf("<td>Tillåten</td>", StringComparison.Ordinal);
        Assert.True(firstPermitted > 0, "a permitted sign-in is listed");
        Assert.InRange(body.IndexOf("<td>Nekad</td>", StringComparison.Ordinal), 0, firstPermitted);
        Assert.DoesNotContain("<td>Nekad</td>", body[firstPermitted..], StringComparison.Ordinal);
        Assert.Contains("aria-sort=\"ascending\">Beslut</th>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"decision\" selected=\"selected\">", html, StringComparison.Ordinal);
    }
}
