using System.Net;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Account;

/// <summary>
/// Issue 19, item 4: a user changes their own password (there was no way to). The current password is required, the new
/// one passes the same rules as every password, the change ends the user's other sessions but not this one, the old
/// password stops working, and the user is notified.
/// </summary>
public sealed class PasswordTests(AppServer app) : IClassFixture<AppServer>
{
    private const string NewPassword = "tre gröna äpplen i en blå skål 7";

    [Fact]
    public async Task ChangePassword_NeedsTheCurrentOne_FollowsTheRules_EndsOtherSessions_AndIsNotified()
    {
        var userName = await TestUsers.CreateWithMfaAsync(app);
        using var other = app.CreateClient();
        await HttpLogin.LogInAsync(other, userName);
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, userName);

        // Just signed in: the proof is fresh, the page opens.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Password")).StatusCode);
        var token = await HttpLogin.TokenFromAsync(client, "/Account/Password");
        var wrongCurrent = await ChangeAsync(client, token, "inte mitt lösenord alls", NewPassword, NewPassword);
        Assert.Contains("Det nuvarande lösenordet stämmer inte", await wrongCurrent.TextAsync(), StringComparison.Ordinal);
        var tooShort = await ChangeAsync(client, token, DemoPersonas.Password, "kort", "kort");
        Assert.Contains("id=\"error-summary\"", await tooShort.TextAsync(), StringComparison.Ordinal);
        var notRepeated = await ChangeAsync(client, token, DemoPersonas.Password, NewPassword, NewPassword + "x");
        Assert.Contains("Lösenorden är inte likadana", await notRepeated.TextAsync(), StringComparison.Ordinal);

        var changed = await ChangeAsync(client, token, DemoPersonas.Password, NewPassword, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/Cases")).StatusCode);
        Assert.Contains("Lösenordet till ditt konto har bytts", await (await client.GetAsync("/Notifications")).TextAsync(), StringComparison.Ordinal);

        using var oldPassword = app.CreateClient();
        var refused = await ReauthenticationTests.PostAsync(oldPassword, "/Account/Login", await HttpLogin.TokenFromAsync(oldPassword, "/Account/Login"),
            ("UserName", userName), ("Password", DemoPersonas.Password));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        using var newPassword = app.CreateClient();
        var accepted = await ReauthenticationTests.PostAsync(newPassword, "/Account/Login", await HttpLogin.TokenFromAsync(newPassword, "/Account/Login"),
            ("UserName", userName), ("Password", NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains(await SecurityAudit.EntriesAsync(app, userName, SecurityActions.PasswordChanged), e => e.Decision == "permit");
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string token, string current, string next, string repeat) =>
        ReauthenticationTests.PostAsync(client, "/Account/Password", token, ("CurrentPassword", current), ("NewPassword", next), ("RepeatPassword", repeat));
}
