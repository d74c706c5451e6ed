using System.Net;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Cases;

/// <summary>Over plain HTTP: anonymous callers get nothing from any protected page.</summary>
public sealed class DetailsTests(AppServer app) : IClassFixture<AppServer>
{
    [Theory]
    [InlineData("/Cases")]
    [InlineData("/Cases/Create")]
    [InlineData("/Cases/Details/5b0d3c1e-0000-4000-8000-000000000001")]
    [InlineData("/Audit")]
    public async Task Get_Anonymous_RedirectsToLoginWithoutContent(string path)
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_CreateCaseAnonymous_RedirectsToLoginAndCreatesNothing()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsync("/Cases/Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Type"] = "SIG", ["PersonalNumber"] = "20120303-9811", ["PersonName"] = "X",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_CreateCaseSignedInWithoutAntiforgeryToken_IsRejectedAndCreatesNothing()
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "socialsekreterare");
        var before = await client.GetStringAsync("/Cases");

        var response = await client.PostAsync("/Cases/Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Type"] = "SIG", ["PersonalNumber"] = "20120303-9811", ["PersonName"] = "Csrf Försöksson",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(WithoutTokens(before), WithoutTokens(await client.GetStringAsync("/Cases")));
    }

    [Fact]
    public async Task Get_CaseOfAnotherAuthority_Is404WithTheSameBodyAsAnUnknownId()
    {
        using var social = app.CreateClient();
        await HttpLogin.LogInAsync(social, "socialsekreterare");
        var list = await social.GetStringAsync("/Cases");
        var caseUrl = System.Text.RegularExpressions.Regex.Match(list, "/Cases/Details/[0-9a-f-]{36}").Value;
        using var police = app.CreateClient();
        await HttpLogin.LogInAsync(police, "fritidsledare");

        var hidden = await police.GetAsync(caseUrl);
        var unknown = await police.GetAsync("/Cases/Details/" + Guid.NewGuid());

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(WithoutTokens(await unknown.Content.ReadAsStringAsync()), WithoutTokens(await hidden.Content.ReadAsStringAsync()));
    }

    /// <summary>Antiforgery tokens differ per response by design; everything else must be identical.</summary>
    private static string WithoutTokens(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");
}
