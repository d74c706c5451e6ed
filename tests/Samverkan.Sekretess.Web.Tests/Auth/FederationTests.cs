using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Identity.Federation;
using Samverkan.Sekretess.Web.Tests.Infrastructure;
using Samverkan.Sekretess.Web.Tests.Pages.Account;

namespace Samverkan.Sekretess.Web.Tests.Auth;

/// <summary>
/// Login through an external OpenID Connect provider (a real OpenIddict server in the test process, over HTTPS):
/// no access without an administrator's attribute mapping, attributes and their provenance from the mapping, changes
/// re-evaluated at every login and audited, the provider's MFA trusted only when asserted, and the mapping page for
/// administrators only.
/// </summary>
public sealed class FederationTests(FederationServer app) : IClassFixture<FederationServer>
{
    [Fact]
    public async Task WithoutAMapping_ThePersonGetsNoAccount_AndTheRefusalIsAudited()
    {
        app.Idp.CurrentPerson = new("idp-no-mapping", "Nils Omappad", [("groups", "okand-grupp")], Mfa: true);
        using var client = app.CreateClient();
        var landed = await FederatedLoginAsync(client);
        Assert.True(landed.StatusCode == HttpStatusCode.Redirect, landed.StatusCode + " " + await landed.Content.ReadAsStringAsync());
        Assert.Equal("/Account/Login?federation=denied", landed.Headers.Location!.OriginalString);
        Assert.Contains("gav ingen behörighet", await (await client.GetAsync("/Account/Login?federation=denied")).TextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Cases")).StatusCode);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Null(await users.FindByLoginAsync(FederatedSignIn.LoginProviderPrefix + FederationServer.Provider, "idp-no-mapping"));
    }

    [Fact]
    public async Task MappedPerson_GetsAuthorityRoleAndUnitFromTheMapping_WithProvenance_AndSeesOnlyThatAuthoritysCases()
    {
        await AddMappingAsync("groups", "soc-handlaggare", "Socialnämnden, Kristianstads kommun", Roles.SocialWorker, "Barn och unga (federerad)");
        app.Idp.CurrentPerson = new("idp-soc-1", "Sara Federerad", [("groups", "soc-handlaggare"), ("groups", "alla-anstallda")], Mfa: true);
        using var client = app.CreateClient();
        var landed = await FederatedLoginAsync(client);
        Assert.Equal("/Cases", landed.Headers.Location!.OriginalString);
        var cases = await (await client.GetAsync("/Cases")).TextAsync();
        Assert.Contains("SIG-", cases, StringComparison.Ordinal);

        var user = await FindFederatedAsync("idp-soc-1");
        Assert.Equal(Roles.SocialWorker, user.Role);
        Assert.Equal("Barn och unga (federerad)", user.Unit);
        Assert.StartsWith("federation:testidp:mapping:", user.AttributeSource, StringComparison.Ordinal);
        Assert.True(user.AttributesVerifiedAt > DateTime.UtcNow.AddMinutes(-5));
        Assert.Null(user.PasswordHash);
    }

    [Fact]
    public async Task ChangedAttributeAtTheProvider_ChangesTheRoleAtNextLogin_AndIsAudited()
    {
        await AddMappingAsync("groups", "fritid-ledare", "Kultur- och fritidsnämnden, Kristianstads kommun", Roles.LeisureLeader, "Fritidsgården");
        await AddMappingAsync("groups", "skola-kurator", "Utbildningsnämnden, Kristianstads kommun", Roles.SchoolCounsellor, "Elevhälsan");
        app.Idp.CurrentPerson = new("idp-byter-1", "Bo Byter", [("groups", "fritid-ledare")], Mfa: true);
        using (var first = app.CreateClient()) await FederatedLoginAsync(first);
        Assert.Equal(Roles.LeisureLeader, (await FindFederatedAsync("idp-byter-1")).Role);

        app.Idp.CurrentPerson = new("idp-byter-1", "Bo Byter", [("groups", "skola-kurator")], Mfa: true);
        using (var second = app.CreateClient()) Assert.Equal("/Cases", (await FederatedLoginAsync(second)).Headers.Location!.OriginalString);
        var user = await FindFederatedAsync("idp-byter-1");
        Assert.Equal(Roles.SchoolCounsellor, user.Role);

        // Both mappings at once disagree: no access, and the account keeps what it had.
        app.Idp.CurrentPerson = new("idp-byter-1", "Bo Byter", [("groups", "skola-kurator"), ("groups", "fritid-ledare")], Mfa: true);
        using (var third = app.CreateClient()) Assert.Equal("/Account/Login?federation=denied", (await FederatedLoginAsync(third)).Headers.Location!.OriginalString);
        Assert.Equal(Roles.SchoolCounsellor, (await FindFederatedAsync("idp-byter-1")).Role);

        // The school's DPO sees the change (the user now belongs to the school's authority).
        var entries = await AuditOfAuthorityAsync(await TestUsers.CreateWithMfaAsync(app, Roles.DataProtectionOfficer, "utb-kristianstad"));
        Assert.Contains(entries, e => e.Action == SecurityActions.AttributesChanged && e.ResourceId == user.Id);
    }

    /// <summary>ASVS 16.3.1: a locked account's federated sign-in is refused and logged as refused, never as permitted.</summary>
    [Fact]
    public async Task LockedOutAccount_IsRefused_AndTheRefusalIsAudited_NotAPermit()
    {
        await AddMappingAsync("groups", "last-konto", "Socialnämnden, Kristianstads kommun", Roles.SocialWorker, "Låst");
        app.Idp.CurrentPerson = new("idp-last-1", "Lars Låst", [("groups", "last-konto")], Mfa: true);
        using (var first = app.CreateClient()) Assert.Equal("/Cases", (await FederatedLoginAsync(first)).Headers.Location!.OriginalString);
        var user = await FindFederatedAsync("idp-last-1");
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var stored = (await users.FindByIdAsync(user.Id))!;
            Assert.True((await users.SetLockoutEndDateAsync(stored, DateTimeOffset.UtcNow.AddHours(1))).Succeeded);
        }

        using var second = app.CreateClient();
        Assert.Equal("/Account/Login?federation=denied", (await FederatedLoginAsync(second)).Headers.Location!.OriginalString);

        await using var conn = new NpgsqlConnection(app.Services.GetRequiredService<IConfiguration>()["Database:ConnectionString"]);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT \"Decision\" FROM \"AuditEntries\" WHERE \"Action\" = @action AND \"ActorUserId\" = @user ORDER BY \"Sequence\"", conn);
        cmd.Parameters.AddWithValue("action", SecurityActions.FederatedSignIn);
        cmd.Parameters.AddWithValue("user", user.Id);
        var decisions = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) decisions.Add(reader.GetString(0));
        Assert.Equal(["permit", "deny"], decisions);
    }

    [Fact]
    public async Task ProviderWithoutMfa_LeadsToThisSystemsOwnSecondFactor()
    {
        await AddMappingAsync("groups", "polis-lpo", "Polismyndigheten, LPO Kristianstad", Roles.CommunityPolice, "LPO");
        app.Idp.CurrentPerson = new("idp-polis-1", "Pia Lösenord", [("groups", "polis-lpo")], Mfa: false);
        using var client = app.CreateClient();
        var landed = await FederatedLoginAsync(client);
        Assert.StartsWith("/Account/Enrol", landed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Enrol")).StatusCode);
    }

    [Fact]
    public async Task Administrator_MakesRulesOnlyForTheOwnAuthority()
    {
        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var form = await (await admin.GetAsync("/Admin/Federation")).TextAsync();
        Assert.Contains("Socialnämnden, Kristianstads kommun</option>", form, StringComparison.Ordinal);
        Assert.DoesNotContain("Polismyndigheten, LPO Kristianstad</option>", form, StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var police = (await scope.ServiceProvider.GetRequiredService<Core.Cases.DirectoryReads>().ListAuthoritiesAsync(CancellationToken.None))
            .Single(a => a.Code == "polis-lpo-kristianstad").Id;
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin/Federation");
        var post = await admin.PostAsync("/Admin/Federation?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Provider"] = FederationServer.Provider, ["ClaimType"] = "groups", ["ClaimValue"] = "polis-genom-socialtjansten", ["AuthorityId"] = police.ToString(),
            ["Role"] = Roles.CommunityPolice, ["Unit"] = "x", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task MappingPage_OnlyForTheAdministrator_AndShowsTheProviderOnTheLoginPage()
    {
        using var worker = app.CreateClient();
        await HttpLogin.LogInAsync(worker, "socialsekreterare");
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync("/Admin/Federation")).StatusCode);
        var token = await HttpLogin.TokenFromAsync(worker, "/Cases");
        var post = await worker.PostAsync("/Admin/Federation?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Provider"] = FederationServer.Provider, ["ClaimType"] = "groups", ["ClaimValue"] = "x", ["AuthorityId"] = Guid.NewGuid().ToString(),
            ["Role"] = Roles.Administrator, ["Unit"] = "x", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        using var anonymous = app.CreateClient();
        Assert.Contains("Logga in via Testkommunens inloggning", await (await anonymous.GetAsync("/Account/Login")).TextAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/Account/External?provider=okand")).StatusCode);
    }

    /// <summary>The browser's round trip: app → IdP (logs the current person in at once) → app's redirection endpoint.</summary>
    private async Task<HttpResponseMessage> FederatedLoginAsync(HttpClient client)
    {
        var challenge = await client.GetAsync($"/Account/External?provider={FederationServer.Provider}&returnUrl=/Cases");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith(app.Idp.Issuer, challenge.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        await app.Idp.RegisterClientAsync(app.BaseUrl + "/signin-federation/" + FederationServer.Provider);
        using var idp = app.Idp.CreateBrowserClient();
        var answer = await idp.GetAsync(challenge.Headers.Location);
        if (answer.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith(app.BaseUrl, answer.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
            return await client.GetAsync(answer.Headers.Location.PathAndQuery);
        }

        // response_mode=form_post: the IdP answers with a self-submitting form.
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var action = WebUtility.HtmlDecode(Regex.Match(html, "<form[^>]*action=\"([^\"]+)\"").Groups[1].Value);
        var fields = Regex.Matches(html, "<input[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        return await client.PostAsync(new Uri(action).PathAndQuery, new FormUrlEncodedContent(fields));
    }

    /// <summary>
    /// Adds a rule as a gemensam systemförvaltare: the rules here give accounts in several authorities, and a
    /// systemförvaltare may only make rules for its own (AdminTests and the Core tests hold that).
    /// </summary>
    private async Task AddMappingAsync(string claimType, string claimValue, string authorityName, string role, string unit)
    {
        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, await TestUsers.CreateWithMfaAsync(app, Roles.RegionalAdministrator));
        var form = await (await admin.GetAsync("/Admin/Federation")).TextAsync();
        var authorityId = Regex.Match(form, $"<option value=\"([0-9a-f-]{{36}})\">{Regex.Escape(authorityName)}</option>").Groups[1].Value;
        var token = await HttpLogin.TokenFromAsync(admin, "/Admin/Federation");
        var response = await admin.PostAsync("/Admin/Federation?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Provider"] = FederationServer.Provider, ["ClaimType"] = claimType, ["ClaimValue"] = claimValue, ["AuthorityId"] = authorityId,
            ["Role"] = role, ["Unit"] = unit, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"<td>{claimValue}</td>", await admin.GetStringAsync("/Admin/Federation"), StringComparison.Ordinal);
    }

    private async Task<ApplicationUser> FindFederatedAsync(string subject)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await users.FindByLoginAsync(FederatedSignIn.LoginProviderPrefix + FederationServer.Provider, subject))!;
    }

    private async Task<IReadOnlyList<AuditEntryView>> AuditOfAuthorityAsync(string dpoUserName)
    {
        using var scope = app.Services.CreateScope();
        var dpo = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(dpoUserName))!;
        return await scope.ServiceProvider.GetRequiredService<AuditReads>()
            .ListAsync(new ProcessContext(dpo.Id, Purposes.LogReview, Mfa: true), 500, CancellationToken.None);
    }
}
