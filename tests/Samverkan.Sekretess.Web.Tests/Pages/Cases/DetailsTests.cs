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
}
