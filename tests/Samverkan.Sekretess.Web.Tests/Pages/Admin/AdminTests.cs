using System.Net;
using System.Text.RegularExpressions;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;
using Samverkan.Sekretess.Web.Tests.Pages.Account;

namespace Samverkan.Sekretess.Web.Tests.Pages.Admin;

/// <summary>Administration over plain HTTP: only the systemförvaltare, everyone else 404; changes take effect at once and are audited.</summary>
public sealed class AdminTests(AppServer app) : IClassFixture<AppServer>
{
    public static TheoryData<string> NonAdministrators() =>
        new(DemoPersonas.Users.Where(u => u.UserName != "systemforvaltare").Select(u => u.UserName));

    [Theory]
    [MemberData(nameof(NonAdministrators))]
    public async Task EveryOtherPersona_Gets404_OnEveryAdminPageAndAction(string userName)
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, userName);
        var token = await HttpLogin.TokenFromAsync(client, "/Cases");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Admin/CreateUser")).StatusCode);
        foreach (var handler in new[] { "Disable", "Enable" })
        {
            var post = await client.PostAsync("/Admin?handler=" + handler, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userId"] = Guid.NewGuid().ToString(), ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        var create = await client.PostAsync("/Admin/CreateUser", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "inkraktare" + userName.Length, ["DisplayName"] = "X", ["Role"] = "systemforvaltare", ["Unit"] = "X",
            ["InitialPassword"] = TestUsers.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
    }

    [Fact]
    public async Task Administrator_SeesAuthoritiesAndUsers_WithoutCaseContent()
    {
        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var response = await admin.GetAsync("/Admin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.TextAsync();
        Assert.Contains("Polismyndigheten, LPO Kristianstad", html, StringComparison.Ordinal);
        Assert.Contains("<td>kommunpolis</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SIG-", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Testa Testsson", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Administrator_CreatesUser_BreachedPasswordRefused_NewUserMustEnrol()
    {
        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var form = await admin.GetStringAsync("/Admin/CreateUser");
        var police = Regex.Match(form, "<option value=\"([0-9a-f-]{36})\">Polismyndigheten").Groups[1].Value;
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin/CreateUser");
        Dictionary<string, string> Fields(string password) => new()
        {
            ["UserName"] = "nypolis", ["DisplayName"] = "Ny Polis (test)", ["AuthorityId"] = police, ["Role"] = "kommunpolis",
            ["Unit"] = "LPO Kristianstad", ["InitialPassword"] = password, ["__RequestVerificationToken"] = token,
        };

        var common = await admin.PostAsync("/Admin/CreateUser", new FormUrlEncodedContent(Fields("Sommar2024!")));
        Assert.Equal(HttpStatusCode.OK, common.StatusCode);
        Assert.Contains("för vanligt", await common.TextAsync(), StringComparison.Ordinal);
        var created = await admin.PostAsync("/Admin/CreateUser", new FormUrlEncodedContent(Fields(TestUsers.Password)));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("<td>nypolis</td>", await admin.GetStringAsync("/Admin"), StringComparison.Ordinal);

        using var user = app.CreateClient();
        var step = await HttpLogin.PasswordStepAsync(user, "nypolis", TestUsers.Password);
        Assert.StartsWith("/Account/Enrol", step.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisablingAUser_EndsTheSessionOnTheNextRequest_AndIsAudited()
    {
        using var worker = app.CreateClient();
        await HttpLogin.LogInAsync(worker, "socialsekreterare");
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/Cases")).StatusCode);

        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var html = await admin.GetStringAsync("/Admin");
        var id = Regex.Match(html, "<td>socialsekreterare</td>[\\s\\S]*?name=\"userId\" value=\"([^\"]+)\"").Groups[1].Value;
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin");
        var disable = await admin.PostAsync("/Admin?handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userId"] = id, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.Contains("Spärrad", await (await admin.GetAsync("/Admin")).TextAsync(), StringComparison.Ordinal);

        var next = await worker.GetAsync("/Cases");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.StartsWith("/Account/Login", next.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);
        using var again = app.CreateClient();
        var refused = await HttpLogin.PasswordStepAsync(again, "socialsekreterare", DemoPersonas.Password + " ");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        var enable = await admin.PostAsync("/Admin?handler=Enable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userId"] = id, ["__RequestVerificationToken"] = token,
        }));
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
        var html = await admin.GetStringAsync("/Admin");
        var id = Regex.Match(html, "<td>systemforvaltare</td>[\\s\\S]*?name=\"userId\" value=\"([^\"]+)\"").Groups[1].Value;
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin");
        var disable = await admin.PostAsync("/Admin?handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userId"] = id, ["__RequestVerificationToken"] = token,
        }));
        Assert.EndsWith("status=failed", disable.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin")).StatusCode);
    }
}
