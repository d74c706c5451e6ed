using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Account;

/// <summary>A host whose clock a test moves forward, so a session can grow older than the five-minute re-authentication window.</summary>
public sealed class ClockAppServer : AppServer
{
    public ShiftableClock Clock { get; } = new();

    protected override void Configure(IWebHostBuilder builder) => builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
}

/// <summary>
/// Issue 19, item 3: with only a session cookie (the sign-in more than five minutes ago) a user's credentials cannot be
/// changed — the finding was a thief's own passkey added with a stolen cookie. The password and a code again open the
/// changes for five minutes; each change is audited and notified to the user.
/// Each test uses its own fresh user: the clock only moves forward, and TOTP steps once used stay used.
/// </summary>
public sealed partial class ReauthenticationTests(ClockAppServer app) : IClassFixture<ClockAppServer>
{
    private static readonly TimeSpan Later = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task AStaleSession_CannotStartAPasskeyOrNewRecoveryCodes_UntilPasswordAndCodeAgain_ThenTheChangeIsNotified()
    {
        var userName = await TestUsers.CreateWithMfaAsync(app);
        using var client = await LogInThenLaterAsync(userName);

        // What a stolen cookie alone gets: sent to re-authenticate, no passkey ceremony, no new codes.
        var token = await HttpLogin.TokenFromAsync(client, "/Cases");
        var options = await PostAsync(client, "/Account/Passkeys?handler=CreationOptions", token);
        Assert.Equal(HttpStatusCode.Redirect, options.StatusCode);
        Assert.Contains("/Account/Reauthenticate?ReturnUrl=%2FAccount%2FPasskeys", options.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var codes = await PostAsync(client, "/Account/RecoveryCodes", token);
        Assert.Equal(HttpStatusCode.Redirect, codes.StatusCode);
        Assert.Contains("/Account/Reauthenticate", codes.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account/Password")).StatusCode);

        // A wrong code: refused with the error summary, audited.
        var page = await client.GetAsync("/Account/Reauthenticate?ReturnUrl=%2FAccount%2FPasskeys");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var reauthToken = await HttpLogin.TokenFromAsync(client, "/Account/Reauthenticate");
        var wrong = await PostAsync(client, "/Account/Reauthenticate", reauthToken,
            ("Password", DemoPersonas.Password), ("Code", "000000"), ("ReturnUrl", "/Account/Passkeys"));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("id=\"error-summary\"", await wrong.TextAsync(), StringComparison.Ordinal);

        var right = await PostAsync(client, "/Account/Reauthenticate", reauthToken,
            ("Password", DemoPersonas.Password), ("Code", ShiftedCode(1)), ("ReturnUrl", "/Account/Passkeys"));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/Account/Passkeys", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(client, "/Account/Passkeys?handler=CreationOptions", await HttpLogin.TokenFromAsync(client, "/Account/Passkeys"))).StatusCode);
        var renewed = await PostAsync(client, "/Account/RecoveryCodes", await HttpLogin.TokenFromAsync(client, "/Account/RecoveryCodes"));
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Equal(10, RecoveryCode().Count(await renewed.TextAsync()));

        // The user is told, and the log has the proof and the change.
        Assert.Contains("Nya återställningskoder har skapats för ditt konto", await (await client.GetAsync("/Notifications")).TextAsync(), StringComparison.Ordinal);
        Assert.Single(await EntriesAsync(userName, SecurityActions.RecoveryCodesRenewed));
        Assert.Contains(await EntriesAsync(userName, SecurityActions.Reauthenticated), e => e.Decision == "deny");
        Assert.Contains(await EntriesAsync(userName, SecurityActions.Reauthenticated), e => e.Decision == "permit");

        // Five minutes later the proof is stale again.
        app.Clock.Offset += Later;
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account/RecoveryCodes")).StatusCode);
    }

    [Fact]
    public async Task ChangingTheAuthenticator_NeedsACodeFromTheNewKey_ThenOnlyTheNewKeyWorks()
    {
        var userName = await TestUsers.CreateWithMfaAsync(app);
        using var client = await LogInThenLaterAsync(userName);
        await ReauthenticateAsync(client, step: 1);

        var html = await client.GetStringAsync("/Account/Authenticator");
        var newKey = SharedKey().Match(html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var pending = PendingKey().Match(html).Groups[1].Value;
        Assert.NotEqual(DemoPersonas.TotpSecret, newKey);
        var token = await HttpLogin.TokenFromAsync(client, "/Account/Authenticator");
        var oldCode = await PostAsync(client, "/Account/Authenticator", token, ("PendingKey", pending), ("Code", ShiftedCode(2)));
        Assert.Equal(HttpStatusCode.OK, oldCode.StatusCode);
        var changed = await PostAsync(client, "/Account/Authenticator", token, ("PendingKey", pending), ("Code", ShiftedCode(3, newKey)));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases")).StatusCode);
        Assert.Contains("Autentiseringsappen för ditt konto har bytts", await (await client.GetAsync("/Notifications")).TextAsync(), StringComparison.Ordinal);

        // Signing in again: the old app's code is refused, the new one's accepted.
        using var again = app.CreateClient();
        await HttpLogin.PasswordStepAsync(again, userName);
        Assert.Equal(HttpStatusCode.OK, (await HttpLogin.PostCodeAsync(again, ShiftedCode(4))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostCodeAsync(again, ShiftedCode(5, newKey))).StatusCode);
    }

    /// <summary>Signs in now, then moves the app's clock past the re-authentication window (the session's idle timeout is longer).</summary>
    internal async Task<HttpClient> LogInThenLaterAsync(string userName)
    {
        // The clock may be moved back: each test has its own user, whose used TOTP steps are all from this test.
        app.Clock.Offset = TimeSpan.Zero;
        var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, userName);
        app.Clock.Offset += Later;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases")).StatusCode);
        return client;
    }

    internal async Task ReauthenticateAsync(HttpClient client, int step)
    {
        var token = await HttpLogin.TokenFromAsync(client, "/Account/Reauthenticate");
        var response = await PostAsync(client, "/Account/Reauthenticate", token, ("Password", DemoPersonas.Password), ("Code", ShiftedCode(step)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>
    /// A code for the app's (shifted) clock, <paramref name="ahead"/> steps beyond it (within the test drift), so that each call
    /// is a step the server has not seen yet for this user.
    /// </summary>
    internal string ShiftedCode(int ahead, string secret = DemoPersonas.TotpSecret) =>
        TestTotp.Code(secret, app.Clock.GetUtcNow().ToUnixTimeSeconds() / 30 - TestTotp.TestDrift + ahead);

    private Task<IReadOnlyList<Core.Audit.AuditEntryView>> EntriesAsync(string userName, string action) =>
        SecurityAudit.EntriesAsync(app, userName, action);

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string token, params (string Key, string Value)[] fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))
            .Append(KeyValuePair.Create("__RequestVerificationToken", token))));

    [GeneratedRegex("<li><code>[^<]+</code></li>")]
    private static partial Regex RecoveryCode();

    [GeneratedRegex("<code id=\"shared-key\">([a-z2-7 ]+)</code>")]
    private static partial Regex SharedKey();

    [GeneratedRegex("name=\"PendingKey\" value=\"([^\"]+)\"")]
    private static partial Regex PendingKey();
}
