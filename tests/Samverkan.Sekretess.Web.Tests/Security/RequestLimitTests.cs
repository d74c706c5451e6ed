using System.Net;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Security;

/// <summary>Oversized bodies and headers are refused by the server before any page runs; login does not keep a planted session.</summary>
public sealed class RequestLimitTests(AppServer app) : IClassFixture<AppServer>
{
    [Fact]
    public async Task Post_BodyOverOneMegabyte_IsRefusedWithoutServerError()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "socialsekreterare", ["Password"] = new string('x', 1_200_000),
        }));

        // Kestrel's limit stops the read; the antiforgery check that reads the form turns it into 400.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.BadRequest });
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Get_HeadersOver32Kilobytes_Is431()
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Padding", new string('a', 40 * 1024));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Login_PlantedAuthCookie_IsIgnoredAndReplacedByAFreshOne()
    {
        using var client = app.CreateClient();
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies };
        using var planted = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl) };
        cookies.Add(new Uri(app.BaseUrl), new Cookie("samverkan.auth", "planted-by-an-attacker"));

        var before = await planted.GetAsync("/Cases");
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);   // the planted value grants nothing

        await HttpLogin.LogInAsync(planted, "socialsekreterare");
        var issued = cookies.GetCookies(new Uri(app.BaseUrl))["samverkan.auth"]?.Value;
        Assert.NotNull(issued);
        Assert.NotEqual("planted-by-an-attacker", issued);
        Assert.Equal(HttpStatusCode.OK, (await planted.GetAsync("/Cases")).StatusCode);
    }
}
