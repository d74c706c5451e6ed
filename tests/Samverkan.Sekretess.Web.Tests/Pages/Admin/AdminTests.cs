using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;
using Samverkan.Sekretess.Web.Tests.Pages.Account;

namespace Samverkan.Sekretess.Web.Tests.Pages.Admin;

/// <summary>
/// Administration over plain HTTP, decided by the policies: a systemförvaltare administers only the own authority's
/// accounts (everything else 404 and a deny entry), every other persona gets 404 everywhere, and no administrator chooses
/// or sees a working credential (a new account gets a one-time code; the user sets their own password and second factor).
/// </summary>
public sealed class AdminTests(AppServer app) : IClassFixture<AppServer>
{
    public static TheoryData<string> NonAdministrators() =>
        new(DemoPersonas.Users.Where(u => u.UserName != "systemforvaltare").Select(u => u.UserName));

    [Theory]
    [MemberData(nameof(NonAdministrators))]
    public async Task EveryOtherPersona_Gets404_OnEveryAdminPageAndAction_AndEachIsADenyEntry(string userName)
    {
        var target = await UserIdAsync(await TestUsers.CreateWithMfaAsync(app));
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, userName);
        var token = await HttpLogin.TokenFromAsync(client, "/Cases");

        foreach (var page in new[] { "/Admin", "/Admin/CreateUser", "/Admin/Federation", "/Admin/Keys" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(page)).StatusCode);
        foreach (var path in new[] { "/Admin?handler=Disable", "/Admin?handler=Enable", "/Admin/Reset?handler=Confirm", "/Admin/Reset" })
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, path, token, ("userId", target))).StatusCode);
        var create = await PostAsync(client, "/Admin/CreateUser", token, ("UserName", "inkraktare" + userName.Length), ("DisplayName", "X"),
            ("AuthorityId", (await AuthorityIdAsync("soc-kristianstad")).ToString()), ("Role", "socialsekreterare"), ("Unit", "X"));
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/Admin/Keys?handler=ReEncrypt", token)).StatusCode);
        Assert.DoesNotContain("href=\"/Admin\"", await client.GetStringAsync("/Cases"), StringComparison.Ordinal);

        var denies = (await AuditAsync()).Where(e => e.ActorName is not null && e.Action.StartsWith("admin.", StringComparison.Ordinal)
                                                     && e.ActorName == DemoPersonas.Users.Single(u => u.UserName == userName).DisplayName).ToList();
        // Only personas of the social services are in its DPO's view: for them, every attempt above is a deny entry.
        if (DemoPersonas.Users.Single(u => u.UserName == userName).AuthorityCode == "soc-kristianstad")
        {
            Assert.Equal(10, denies.Count);
            Assert.All(denies, e => Assert.Equal("deny", e.Decision));
        }
    }

    [Fact]
    public async Task Anonymous_NeverReachesAnAdminPage()
    {
        using var anonymous = app.CreateClient();
        foreach (var page in new[] { "/Admin", "/Admin/CreateUser", "/Admin/Federation", "/Admin/Keys" })
        {
            var response = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Login", response.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Administrator_SeesOnlyTheOwnAuthoritysAccounts_WithoutCaseContent()
    {
        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var response = await admin.GetAsync("/Admin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.TextAsync();
        Assert.Contains("<td>socialsekreterare</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Socialnämnden, Kristianstads kommun</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>kommunpolis</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>skolkurator</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Polismyndigheten, LPO Kristianstad", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SIG-", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Testa Testsson", html, StringComparison.Ordinal);
        // The own row offers nothing: no one disables or resets the own account.
        var ownRow = Regex.Match(html, "<td>systemforvaltare</td>[\\s\\S]*?</tr>").Value;
        Assert.DoesNotContain("<form", ownRow, StringComparison.Ordinal);
    }

    /// <summary>The finding, over HTTP: the police authority is not offered, and posting it anyway, or a police user's id, is a 404.</summary>
    [Fact]
    public async Task Administrator_CannotCreateDisableOrResetAPoliceUser_404()
    {
        var officer = await UserIdAsync(await TestUsers.CreateWithMfaAsync(app, Roles.CommunityPolice, "polis-lpo-kristianstad"));
        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var form = await (await admin.GetAsync("/Admin/CreateUser")).TextAsync();
        Assert.Contains("Systemförvaltare", form, StringComparison.Ordinal);
        Assert.DoesNotContain("Polismyndigheten", form, StringComparison.Ordinal);
        Assert.DoesNotContain("Gemensam systemförvaltare", form, StringComparison.Ordinal);
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin/CreateUser");

        var create = await PostAsync(admin, "/Admin/CreateUser", token, ("UserName", "nypolis"), ("DisplayName", "Ny Polis (test)"),
            ("AuthorityId", (await AuthorityIdAsync("polis-lpo-kristianstad")).ToString()), ("Role", "kommunpolis"), ("Unit", "LPO Kristianstad"));
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
        foreach (var path in new[] { "/Admin?handler=Disable", "/Admin/Reset?handler=Confirm", "/Admin/Reset" })
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(admin, path, token, ("userId", officer))).StatusCode);

        using var police = app.CreateClient();
        await HttpLogin.LogInAsync(police, "kommunpolis");
        Assert.Equal(HttpStatusCode.OK, (await police.GetAsync("/Cases")).StatusCode);
        Assert.Null(await FindAsync("nypolis"));
    }

    [Fact]
    public async Task Administrator_CreatesUser_WithoutAPassword_TheUserSetsTheirOwn_ThenMustEnrolBeforeAnything()
    {
        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin/CreateUser");
        var created = await PostAsync(admin, "/Admin/CreateUser", token, ("UserName", "nyhandlaggare"), ("DisplayName", "Ny Handläggare (test)"),
            ("AuthorityId", (await AuthorityIdAsync("soc-kristianstad")).ToString()), ("Role", "socialsekreterare"), ("Unit", "Barn och unga"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var code = SignInCode(await created.TextAsync());
        Assert.Contains("Väntar på första inloggning", await (await admin.GetAsync("/Admin")).TextAsync(), StringComparison.Ordinal);

        using var user = app.CreateClient();
        foreach (var guess in new[] { "", code, TestUsers.Password, DemoPersonas.Password })
            Assert.Equal(HttpStatusCode.OK, (await PasswordStepAsync(user, "nyhandlaggare", guess)).StatusCode);

        var chosen = await FirstSignInAsync(user, "nyhandlaggare", code, TestUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/Account/Enrol", chosen.Headers.Location!.OriginalString);
        // Not signed in until the second factor is enrolled: no page but enrolment.
        foreach (var page in new[] { "/Cases", "/Notifications", "/Account/Passkeys", "/Admin" })
            Assert.Equal(HttpStatusCode.Redirect, (await user.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/Account/Enrol")).StatusCode);
        using (var again = app.CreateClient())
            Assert.Equal(HttpStatusCode.OK, (await FirstSignInAsync(again, "nyhandlaggare", code, "ett annat lösenord helt och hållet")).StatusCode);

        var enrol = await user.GetStringAsync("/Account/Enrol");
        var key = Regex.Match(enrol, "<code id=\"shared-key\">([^<]+)</code>").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var enrolled = await HttpLogin.PostCodeAsync(user, TestTotp.Code(key, TestTotp.CurrentStep), "/Account/Enrol");
        Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        Assert.Contains("Spara dina återställningskoder", await enrolled.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/Cases")).StatusCode);
    }

    [Fact]
    public async Task Administrator_ResetsAUsersSignIn_TheOldCredentialsStop_AndTheUserChoosesNewOnes()
    {
        var userName = await TestUsers.CreateWithMfaAsync(app);
        using var before = app.CreateClient();
        await HttpLogin.LogInAsync(before, userName);

        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin");
        var confirm = await PostAsync(admin, "/Admin/Reset?handler=Confirm", token, ("userId", await UserIdAsync(userName)));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("slutar gälla direkt", await confirm.TextAsync(), StringComparison.Ordinal);
        var reset = await PostAsync(admin, "/Admin/Reset", token, ("userId", await UserIdAsync(userName)));
        var code = SignInCode(await reset.TextAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await before.GetAsync("/Cases")).StatusCode);
        using var user = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await PasswordStepAsync(user, userName, DemoPersonas.Password)).StatusCode);
        Assert.Equal("/Account/Enrol", (await FirstSignInAsync(user, userName, code, TestUsers.Password)).Headers.Location!.OriginalString);

        var dpo = await AuditAsync();
        Assert.Contains(dpo, e => e.Action == "admin.user.reset" && e.Decision == "permit" && e.RuleIds == "ADM-U-001");
        Assert.Contains(dpo, e => e.Action == SecurityActions.FirstSignIn && e.Decision == "permit");
    }

    /// <summary>
    /// Issue 19, item 4: a user who forgot the password but has their phone. Only the password is reset: the old one and every
    /// session end at once, the user must choose a new password with the one-time code, and then signs in with their own
    /// authenticator as before (no new enrolment, which the code alone would otherwise open).
    /// </summary>
    [Fact]
    public async Task Administrator_ResetsOnlyThePassword_TheUserMustChooseANewOne_AndKeepsTheirSecondFactor()
    {
        var userName = await TestUsers.CreateWithMfaAsync(app);
        using var before = app.CreateClient();
        await HttpLogin.LogInAsync(before, userName);

        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin");
        var confirm = await PostAsync(admin, "/Admin/Reset?handler=Confirm", token, ("userId", await UserIdAsync(userName)));
        Assert.Contains("Återställ bara lösenordet</button>", await confirm.TextAsync(), StringComparison.Ordinal);
        var reset = await PostAsync(admin, "/Admin/Reset", token, ("userId", await UserIdAsync(userName)), ("scope", "password"));
        Assert.Contains("Lösenordet är återställt", await reset.TextAsync(), StringComparison.Ordinal);
        var code = SignInCode(await reset.TextAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await before.GetAsync("/Cases")).StatusCode);
        using var user = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await PasswordStepAsync(user, userName, DemoPersonas.Password)).StatusCode);
        Assert.Equal("/Account/Enrol", (await FirstSignInAsync(user, userName, code, TestUsers.Password)).Headers.Location!.OriginalString);
        var enrol = await user.GetAsync("/Account/Enrol");
        Assert.Equal(HttpStatusCode.Redirect, enrol.StatusCode);
        Assert.StartsWith("/Account/Mfa", enrol.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var signedIn = await HttpLogin.PostCodeAsync(user, TestTotp.NextCode(app.BaseUrl, userName));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/Cases")).StatusCode);
        // The code was spent: it does not work a second time.
        using var again = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await FirstSignInAsync(again, userName, code, TestUsers.Password + " igen")).StatusCode);
    }

    [Fact]
    public async Task RegionalAdministrator_AdministersEveryAuthority()
    {
        var regional = await TestUsers.CreateWithMfaAsync(app, Roles.RegionalAdministrator);
        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, regional);
        var html = await admin.GetStringAsync("/Admin");
        Assert.Contains("<td>kommunpolis</td>", html, StringComparison.Ordinal);
        Assert.Contains("Polismyndigheten, LPO Kristianstad", await admin.GetStringAsync("/Admin/CreateUser"), StringComparison.Ordinal);
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin/CreateUser");
        var created = await PostAsync(admin, "/Admin/CreateUser", token, ("UserName", "regionpolis"), ("DisplayName", "Region Polis (test)"),
            ("AuthorityId", (await AuthorityIdAsync("polis-lpo-kristianstad")).ToString()), ("Role", "kommunpolis"), ("Unit", "LPO Kristianstad"));
        Assert.Matches("[A-Z2-9]{4}-", SignInCode(await created.TextAsync()));
    }

    [Fact]
    public async Task DisablingAUser_EndsTheSessionOnTheNextRequest_AndIsAudited()
    {
        using var worker = app.CreateClient();
        await HttpLogin.LogInAsync(worker, "socialsekreterare");
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/Cases")).StatusCode);

        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var id = await UserIdAsync("socialsekreterare");
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin");
        var disable = await PostAsync(admin, "/Admin?handler=Disable", token, ("userId", id));
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.Contains("Spärrad", await (await admin.GetAsync("/Admin")).TextAsync(), StringComparison.Ordinal);

        var next = await worker.GetAsync("/Cases");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("/Account/Login", next.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);
        using var again = app.CreateClient();
        var refused = await HttpLogin.PasswordStepAsync(again, "socialsekreterare", DemoPersonas.Password + " ");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        var enable = await PostAsync(admin, "/Admin?handler=Enable", token, ("userId", id));
        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);
        using var back = app.CreateClient();
        await HttpLogin.LogInAsync(back, "socialsekreterare");

        using var dpo = app.CreateClient();
        await HttpLogin.LogInAsync(dpo, "dataskyddsombud");
        var audit = await dpo.GetStringAsync("/Audit");
        Assert.Contains("admin.user.disable", audit, StringComparison.Ordinal);
        Assert.Contains("admin.user.enable", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Administrator_CannotDisableThemself()
    {
        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin");
        var disable = await PostAsync(admin, "/Admin?handler=Disable", token, ("userId", await UserIdAsync("systemforvaltare")));
        Assert.EndsWith("status=failed", disable.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin")).StatusCode);
        var confirm = await PostAsync(admin, "/Admin/Reset?handler=Confirm", token, ("userId", await UserIdAsync("systemforvaltare")));
        Assert.Contains("Du kan inte återställa inloggningen", await confirm.TextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Återställ hela inloggningen</button>", await confirm.TextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Återställ bara lösenordet</button>", await confirm.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(admin, "/Admin/Reset", token, ("userId", await UserIdAsync("systemforvaltare")))).StatusCode);
    }

    internal static string SignInCode(string html)
    {
        var code = Regex.Match(html, "<code id=\"sign-in-code\">([A-Z2-9-]+)</code>").Groups[1].Value;
        Assert.Matches("^[A-Z2-9]{4}(-[A-Z2-9]{4}){6}$", code);
        return code;
    }

    internal static async Task<HttpResponseMessage> FirstSignInAsync(HttpClient client, string userName, string code, string password)
    {
        var token = await HttpLogin.TokenFromAsync(client, "/Account/FirstSignIn");
        return await PostAsync(client, "/Account/FirstSignIn", token, ("UserName", userName), ("Code", code), ("NewPassword", password), ("RepeatPassword", password));
    }

    /// <summary>The password step, which for these accounts must fail (HttpLogin's helper insists that the demo password works).</summary>
    private static async Task<HttpResponseMessage> PasswordStepAsync(HttpClient client, string userName, string password) =>
        await PostAsync(client, "/Account/Login", await HttpLogin.TokenFromAsync(client, "/Account/Login"), ("UserName", userName), ("Password", password));

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string token, params (string Key, string Value)[] fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))
            .Append(KeyValuePair.Create("__RequestVerificationToken", token))));

    private async Task<ApplicationUser?> FindAsync(string userName)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(userName);
    }

    private async Task<string> UserIdAsync(string userName) => (await FindAsync(userName))!.Id;

    private async Task<Guid> AuthorityIdAsync(string code)
    {
        using var scope = app.Services.CreateScope();
        var authorities = await scope.ServiceProvider.GetRequiredService<Core.Cases.DirectoryReads>().ListAuthoritiesAsync(CancellationToken.None);
        return authorities.Single(a => a.Code == code).Id;
    }

    /// <summary>The social services DPO's view of the log.</summary>
    private async Task<IReadOnlyList<AuditEntryView>> AuditAsync()
    {
        using var scope = app.Services.CreateScope();
        var dpo = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("dataskyddsombud"))!;
        return await scope.ServiceProvider.GetRequiredService<AuditReads>()
            .ListAsync(new ProcessContext(dpo.Id, Purposes.LogReview, Mfa: true), 500, CancellationToken.None);
    }
}
