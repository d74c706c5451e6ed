using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Agreement;

/// <summary>
/// Over plain HTTP: forum members reach every agreement page; non-members get the same 404 as an unknown id,
/// anonymous callers are sent to the login, and every denied attempt is an audit entry.
/// </summary>
public sealed partial class AgreementPagesTests(AppServer app) : IClassFixture<AppServer>
{
    [GeneratedRegex("/Agreement/Details/([0-9a-f-]{36})")]
    private static partial Regex DetailsLink();

    private static string[] PagesOf(Guid id) =>
    [
        $"/Agreement/Details/{id}", $"/Agreement/Week/{id}", $"/Agreement/Plan/{id}", $"/Agreement/FollowUp/{id}",
        $"/Agreement/FollowUp/{id}?handler=Csv&year=2026&table=arenden-oppnade",
    ];

    private async Task<Guid> AgreementIdAsync()
    {
        using var member = app.CreateClient();
        await HttpLogin.LogInAsync(member, "sspf-samordnare");
        return Guid.Parse(DetailsLink().Match(await member.GetStringAsync("/Agreement")).Groups[1].Value);
    }

    [Fact]
    public async Task Get_ForumMember_ReachesEveryAgreementPage()
    {
        var id = await AgreementIdAsync();
        using var police = app.CreateClient();
        await HttpLogin.LogInAsync(police, "kommunpolis");

        foreach (var path in PagesOf(id).Append($"/Agreement/Report/{id}").Append("/Agreement"))
        {
            var response = await police.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        }

        var csv = await police.GetAsync($"/Agreement/FollowUp/{id}?handler=Csv&year=2026&table=lagesbild-handelser");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("Område;", (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("skolkurator")]
    [InlineData("avhopparsamordnare")]
    [InlineData("dataskyddsombud")]
    [InlineData("systemforvaltare")]
    public async Task Get_NonMember_Is404LikeAnUnknownId_AndEveryAttemptIsAudited(string persona)
    {
        var id = await AgreementIdAsync();
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, persona);
        var unknown = await client.GetAsync($"/Agreement/Details/{Guid.NewGuid()}");
        var before = await AuditCountAsync();

        foreach (var path in PagesOf(id))
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            if (path.Contains("/Details/", StringComparison.Ordinal))
                Assert.Equal(WithoutTokens(await unknown.Content.ReadAsStringAsync()), WithoutTokens(await response.Content.ReadAsStringAsync()));
        }

        // The first count's own verification entry, then one deny entry per attempt.
        Assert.Equal(before + 1 + PagesOf(id).Length, await AuditCountAsync());
        Assert.DoesNotMatch(DetailsLink(), await client.GetStringAsync("/Agreement"));
    }

    [Fact]
    public async Task Get_DpoOwnDeniedAttempt_IsVisibleInTheDposAuditLog()
    {
        var id = await AgreementIdAsync();
        using var dpo = app.CreateClient();
        await HttpLogin.LogInAsync(dpo, "dataskyddsombud");

        Assert.Equal(HttpStatusCode.NotFound, (await dpo.GetAsync($"/Agreement/FollowUp/{id}")).StatusCode);

        var log = await dpo.GetStringAsync("/Audit");
        Assert.Matches(new Regex("<code>stats\\.read</code>.*?Nekad", RegexOptions.Singleline), log);
    }

    [Theory]
    [InlineData("/Agreement")]
    [InlineData("/Agreement/Details/5b0d3c1e-0000-4000-8000-000000000001")]
    [InlineData("/Agreement/Report/5b0d3c1e-0000-4000-8000-000000000001")]
    [InlineData("/Agreement/Week/5b0d3c1e-0000-4000-8000-000000000001")]
    [InlineData("/Agreement/Plan/5b0d3c1e-0000-4000-8000-000000000001")]
    [InlineData("/Agreement/FollowUp/5b0d3c1e-0000-4000-8000-000000000001?handler=Csv&year=2026&table=samtycken")]
    [InlineData("/Agreement/Document/5b0d3c1e-0000-4000-8000-000000000001")]
    public async Task Get_Anonymous_RedirectsToLoginWithoutContent(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_ReportWithPersonalNumber_IsRefusedWithASwedishMessage()
    {
        var id = await AgreementIdAsync();
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "skolkurator");
        var token = await HttpLogin.TokenFromAsync(client, $"/Agreement/Report/{id}");

        var response = await client.PostAsync($"/Agreement/Report/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["EventType"] = "klotter", ["DistrictCode"] = "centrum", ["Date"] = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Source"] = "skola", ["Description"] = "Klotter, gjort av 20100505-9801", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ser ut att innehålla ett personnummer", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    /// <summary>Antiforgery tokens differ per response by design; everything else must be identical.</summary>
    private static string WithoutTokens(string html) =>
        Regex.Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");

    /// <summary>Number of entries in the whole chain, as the DPO's verification counts them (the verification then adds one).</summary>
    private async Task<long> AuditCountAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var dpo = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("dataskyddsombud");
        var report = await scope.ServiceProvider.GetRequiredService<AuditReads>().VerifyChainAsync(new ProcessContext(dpo!.Id, Purposes.LogReview, true), CancellationToken.None);
        Assert.True(report.IsIntact);
        return report.EntriesChecked;
    }
}
