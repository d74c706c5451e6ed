using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Account;

/// <summary>
/// The second factor over plain HTTP: it cannot be skipped on any page, wrong codes lock the account and
/// are audited, a used code is refused, a user without an authenticator must enrol and gets recovery
/// codes, and a recovery code works once.
/// </summary>
public sealed partial class MfaTests(AppServer app) : IClassFixture<AppServer>
{
    /// <summary>Pages reachable without a completed second factor. Everything else must redirect to the login.</summary>
    private static readonly string[] OpenPages = ["", "Index", "Account/Login", "Account/FirstSignIn", "Account/Mfa", "Account/Recovery", "Account/Enrol", "Account/EndSession", "Error", "NotFound"];

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    private string Base => app.BaseUrl;

    private List<string> ProtectedPagePaths()
    {
        var pages = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<PageActionDescriptor>()
            .Select(p => p.AttributeRouteInfo!.Template!)
            .Distinct()
            .Where(t => !OpenPages.Contains(t, StringComparer.OrdinalIgnoreCase))
            .Select(t => "/" + RouteParameter().Replace(t, Guid.NewGuid().ToString()).TrimEnd('/'))
            .ToList();
        Assert.Contains("/Cases", pages);
        Assert.Contains("/Audit", pages);
        Assert.Contains("/Admin", pages);
        return pages;
    }

    [Fact]
    public async Task EveryProtectedPage_WithoutSecondFactor_RedirectsToLogin()
    {
        using var anonymous = app.CreateClient();
        using var passwordOnly = app.CreateClient();
        var step = await HttpLogin.PasswordStepAsync(passwordOnly, "socialsekreterare");
        Assert.StartsWith("/Account/Mfa", step.Headers.Location!.OriginalString, StringComparison.Ordinal);

        foreach (var path in ProtectedPagePaths())
        {
            foreach (var client in new[] { anonymous, passwordOnly })
            {
                var response = await client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
                Assert.StartsWith("/Account/Login", response.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);
            }
        }

        // A post with the password step alone creates nothing either.
        var post = await passwordOnly.PostAsync("/Cases/Create", new FormUrlEncodedContent(new Dictionary<string, string> { ["Type"] = "SIG" }));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect == post.StatusCode ? "/Cases" : "", post.Headers.Location?.AbsolutePath() ?? "");
    }

    [Fact]
    public async Task CorrectCode_SignsIn()
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "rektor");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases")).StatusCode);
    }

    [Fact]
    public async Task UsedCode_IsRefusedTheSecondTime()
    {
        var code = TestTotp.NextCode(Base, "skolkurator");
        using var first = app.CreateClient();
        await HttpLogin.PasswordStepAsync(first, "skolkurator");
        Assert.Equal(HttpStatusCode.Redirect, (await HttpLogin.PostCodeAsync(first, code)).StatusCode);

        using var second = app.CreateClient();
        await HttpLogin.PasswordStepAsync(second, "skolkurator");
        var replay = await HttpLogin.PostCodeAsync(second, code);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("har redan använts", await replay.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/Cases")).StatusCode);
    }

    [Fact]
    public async Task FiveWrongCodes_LockTheAccount_AndAreAudited()
    {
        using var client = app.CreateClient();
        await HttpLogin.PasswordStepAsync(client, "sspf-samordnare");
        var wrong = WrongCode();
        string body = "";
        for (var i = 0; i < 5; i++)
        {
            var response = await HttpLogin.PostCodeAsync(client, wrong);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            body = await response.TextAsync();
        }

        Assert.Contains("tillfälligt låst", body, StringComparison.Ordinal);
        // Locked: even the right password is refused now.
        using var again = app.CreateClient();
        var login = await HttpLogin.PasswordStepAsync(again, "sspf-samordnare", DemoPersonas.Password + "x");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = await HttpLogin.TokenFromAsync(again, "/Account/Login");
        var right = await again.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "sspf-samordnare", ["Password"] = DemoPersonas.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("Inloggningen misslyckades", await right.TextAsync(), StringComparison.Ordinal);

        // The DPO of the same authority sees the denied second factor and the lockout in the log review.
        using var dpo = app.CreateClient();
        await HttpLogin.LogInAsync(dpo, "dataskyddsombud");
        var audit = await dpo.GetStringAsync("/Audit");
        Assert.True(Regex.Count(audit, "auth\\.mfa\\.totp") >= 4, "denied TOTP attempts are audited");
        Assert.Contains("auth.lockout", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount()
    {
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await HttpLogin.PasswordStepAsync(client, "fritidsledare", "fel lösenord nummer " + i)).StatusCode);

        var token = await HttpLogin.TokenFromAsync(client, "/Account/Login");
        var right = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "fritidsledare", ["Password"] = DemoPersonas.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("Inloggningen misslyckades", await right.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserNameWithANulCharacter_IsRefusedBeforeTheApp()
    {
        // ASP.NET Core's form reader refuses %00 (400), so no form value carries NUL to the database (Data/NulCharacterGuard).
        using var client = app.CreateClient();
        var answer = await HttpLogin.PasswordStepAsync(client, "socialsekreterare\0", DemoPersonas.Password + "x");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task UserWithoutAuthenticator_MustEnrol_ThenRecoveryCodeWorksOnce()
    {
        var userName = await TestUsers.CreateWithoutMfaAsync(app);
        using var client = app.CreateClient();
        var step = await HttpLogin.PasswordStepAsync(client, userName, TestUsers.Password);
        Assert.StartsWith("/Account/Enrol", step.Headers.Location!.OriginalString, StringComparison.Ordinal);
        // Not signed in before enrolment is complete.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Cases")).StatusCode);

        var enrolPage = await client.GetStringAsync("/Account/Enrol");
        var key = Regex.Match(enrolPage, "id=\"shared-key\">([a-z2-7 ]+)<").Groups[1].Value;
        Assert.Matches("otpauth://totp/", enrolPage);
        var wrong = await HttpLogin.PostCodeAsync(client, "000000", "/Account/Enrol");
        Assert.Contains("Koden stämmer inte", await wrong.TextAsync(), StringComparison.Ordinal);
        var done = await HttpLogin.PostCodeAsync(client, TestTotp.Code(key.Replace(" ", "", StringComparison.Ordinal), TestTotp.CurrentStep), "/Account/Enrol");
        var html = await done.Content.ReadAsStringAsync();
        var codes = Regex.Matches(html, "<li><code>([^<]+)</code></li>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases")).StatusCode);

        // Next login: the second factor is now required; a recovery code works once.
        using var next = app.CreateClient();
        var second = await HttpLogin.PasswordStepAsync(next, userName, TestUsers.Password);
        Assert.StartsWith("/Account/Mfa", second.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var recovered = await HttpLogin.PostCodeAsync(next, codes[0], "/Account/Recovery", "RecoveryCode");
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/Cases")).StatusCode);

        using var third = app.CreateClient();
        await HttpLogin.PasswordStepAsync(third, userName, TestUsers.Password);
        var reused = await HttpLogin.PostCodeAsync(third, codes[0], "/Account/Recovery", "RecoveryCode");
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("stämmer inte eller har redan använts", await reused.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalReturnUrl_IsNotFollowed()
    {
        using var client = app.CreateClient();
        var token = await HttpLogin.TokenFromAsync(client, "/Account/Login");
        var login = await client.PostAsync("/Account/Login?ReturnUrl=https%3A%2F%2Fevil.example%2F", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "avhopparsamordnare", ["Password"] = DemoPersonas.Password, ["__RequestVerificationToken"] = token,
            ["ReturnUrl"] = "https://evil.example/",
        }));
        Assert.DoesNotContain("evil", login.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var done = await HttpLogin.PostCodeAsync(client, TestTotp.NextCode(Base, "avhopparsamordnare"));
        Assert.Equal("/Cases", done.Headers.Location!.OriginalString);
    }

    private static string WrongCode()
    {
        var valid = Enumerable.Range(-5, 11).Select(d => TestTotp.Code(DemoPersonas.TotpSecret, TestTotp.CurrentStep + d)).ToHashSet();
        return Enumerable.Range(0, 100).Select(i => (123456 + i * 7919).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !valid.Contains(c));
    }
}

internal static class UriPaths
{
    /// <summary>The body with HTML character references decoded (Razor encodes å, ä, ö).</summary>
    public static async Task<string> TextAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The path of a Location header, whether relative or absolute.</summary>
    public static string AbsolutePath(this Uri location) =>
        location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
}
