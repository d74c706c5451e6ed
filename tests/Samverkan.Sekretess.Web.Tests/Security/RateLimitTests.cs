using System.Net;
using Microsoft.AspNetCore.Hosting;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Security;

/// <summary>A host whose login limit is tiny, so the limiter can be seen to trigger.</summary>
public sealed class RateLimitedAppServer : AppServer
{
    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Authentication:LoginPermitLimit", "3");
        builder.UseSetting("Authentication:LoginWindow", "00:05:00");
    }
}

/// <summary>The login and second-factor posts are rate limited per client address (the framework's rate limiter).</summary>
public sealed class RateLimitTests(RateLimitedAppServer app) : IClassFixture<RateLimitedAppServer>
{
    [Fact]
    public async Task LoginPosts_BeyondTheLimit_Get429_GetsAreNotLimited()
    {
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await HttpLogin.PasswordStepAsync(client, "rektor", "fel lösenord " + i)).StatusCode);

        var limited = await HttpLogin.PasswordStepAsync(client, "rektor", "fel lösenord 4");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("För många inloggningsförsök", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The second-factor step shares the limit; reading the login page does not count.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        var token = await HttpLogin.TokenFromAsync(client, "/Account/Login");
        var mfa = await client.PostAsync("/Account/Mfa", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = "123456", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.TooManyRequests, mfa.StatusCode);
    }
}

/// <summary>
/// Issue 19, item 1: the limit belongs to the endpoint, not to one spelling of its path. A trailing slash, another case
/// or percent-encoding reaches the same page or token endpoint, so it must count toward, and be refused by, the same limit.
/// </summary>
public sealed class RateLimitPathVariantTests(RateLimitedAppServer app) : IClassFixture<RateLimitedAppServer>
{
    [Fact]
    public async Task LoginPosts_ToOtherSpellingsOfThePath_CountAndAreRefusedAlike()
    {
        using var client = app.CreateClient();
        var token = await HttpLogin.TokenFromAsync(client, "/Account/Login");
        foreach (var path in new[] { "/Account/Login/", "/account/LOGIN/", "/Account/%4Cogin" })
        {
            var response = await PostLoginAsync(client, path, token);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} before the limit");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostLoginAsync(client, "/Account/Login/", token)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostLoginAsync(client, "/Account/Mfa/", token)).StatusCode);
        using var tokenRequest = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "gissad", ["client_secret"] = "fel",
        });
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/connect/token/", tokenRequest)).StatusCode);
    }

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string path, string token) =>
        client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "rektor", ["Password"] = "fel lösenord", ["__RequestVerificationToken"] = token,
        }));
}
