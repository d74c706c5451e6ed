using System.Net;
using Microsoft.AspNetCore.Hosting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Security;

/// <summary>
/// A host that rebuilds the cookie's claims only once an hour, as a long production interval would: what ends a session
/// at once must not depend on that refresh (the other hosts check the stamp on every request anyway).
/// </summary>
public sealed class HourlyRefreshAppServer : AppServer
{
    protected override void Configure(IWebHostBuilder builder) =>
        builder.UseSetting("Authentication:SecurityStampValidationInterval", "01:00:00");
}

/// <summary>
/// Issue 19, item 2: logging out ends the session on the server, so a copy of the cookie taken before is dead at once;
/// an API client's end-session GET ends nothing by itself (CSRF), the confirmed post does and is audited.
/// </summary>
public sealed class LogoutTests(HourlyRefreshAppServer app) : IClassFixture<HourlyRefreshAppServer>
{
    [Fact]
    public async Task Logout_ACopyOfTheCookieTakenBefore_IsDeadAtOnce_AndTheLogoutIsAudited()
    {
        var (client, jar) = NewClient();
        using var _ = client;
        await HttpLogin.LogInAsync(client, "socialsekreterare");
        var (copy, copyJar) = NewClient();
        using var __ = copy;
        copyJar.Add(jar.GetAllCookies());
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/Cases")).StatusCode);
        var before = (await SecurityAudit.EntriesAsync(app, "socialsekreterare", SecurityActions.Logout)).Count;

        var token = await HttpLogin.TokenFromAsync(client, "/Cases");
        var logout = await client.PostAsync("/Account/Logout", Form(("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var after = await copy.GetAsync("/Cases");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(before + 1, (await SecurityAudit.EntriesAsync(app, "socialsekreterare", SecurityActions.Logout)).Count);
    }

    [Fact]
    public async Task EndSession_AGetEndsNothing_ThePostNeedsTheToken_AndTheConfirmedPostEndsTheSessionAndIsAudited()
    {
        var (client, _) = NewClient();
        using var __ = client;
        await HttpLogin.LogInAsync(client, "sspf-samordnare");
        var before = (await SecurityAudit.EntriesAsync(app, "sspf-samordnare", SecurityActions.Logout)).Count;

        // What a hostile page can make the browser do: a GET, and a post without this site's antiforgery token.
        var get = await client.GetAsync("/connect/endsession");
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.StartsWith("/Account/EndSession", get.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases")).StatusCode);
        var forged = await client.PostAsync("/connect/endsession", Form(("state", "x")));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases")).StatusCode);

        // The confirmation page's post.
        var token = await HttpLogin.TokenFromAsync(client, "/Account/EndSession");
        var confirmed = await client.PostAsync("/connect/endsession", Form(("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Cases")).StatusCode);
        Assert.Equal(before + 1, (await SecurityAudit.EntriesAsync(app, "sspf-samordnare", SecurityActions.Logout)).Count);
    }

    private (HttpClient Client, CookieContainer Jar) NewClient()
    {
        var jar = new CookieContainer();
        return (new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = jar }) { BaseAddress = new Uri(app.BaseUrl) }, jar);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));
}
