using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Tests.Infrastructure;
using Samverkan.Sekretess.Web.Tests.Pages.Account;
using static Samverkan.Sekretess.Web.Tests.Infrastructure.OidcTestClient;

namespace Samverkan.Sekretess.Web.Tests.Api;

/// <summary>
/// The OpenID Connect server and the read API, end to end over real HTTP against real Kestrel and PostgreSQL:
/// people get tokens only after password and second factor (code + PKCE); systems get tokens with client
/// credentials and act as their own policy-governed actor; the API goes through the same gateway as the pages,
/// so a denied read is a 404 and an audit entry; bad tokens of every kind are refused.
/// </summary>
public sealed class ApiTests(ApiServer app) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task CodeFlowWithPkce_AfterPasswordAndSecondFactor_TokenReadsOwnCasesAndActionPlan()
    {
        using var browser = app.CreateClient();
        var anonymous = await browser.GetAsync(AuthorizeUrl(NewPkce()));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", anonymous.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);
        Assert.Null(CodeFrom(anonymous));

        await HttpLogin.LogInAsync(browser, "socialsekreterare");
        var tokens = await CodeFlowAsync(browser);
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.InRange(tokens.GetProperty("expires_in").GetInt32(), 1, 300);
        Assert.False(tokens.TryGetProperty("refresh_token", out _));
        var token = tokens.GetProperty("access_token").GetString();

        using var api = app.CreateClient();
        var cases = await JsonAsync(await GetWithTokenAsync(api, "/api/v1/cases", token));
        var sig = cases.EnumerateArray().Single(c => c.GetProperty("reference").GetString()!.StartsWith("SIG-", StringComparison.Ordinal));
        var plan = await GetWithTokenAsync(api, $"/api/v1/cases/{sig.GetProperty("id").GetGuid()}/action-plan", token);
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        var entries = (await JsonAsync(plan)).GetProperty("entries");
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("what").GetString() == "Inleda utredning och boka nätverksmöte");
        // The API returns the plan only: no person, no items.
        var body = await plan.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Testa Testsson", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Utredning inledd", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_AfterThePasswordStepOnly_IssuesNoCode()
    {
        using var browser = app.CreateClient();
        await HttpLogin.PasswordStepAsync(browser, "kommunpolis");
        var response = await browser.GetAsync(AuthorizeUrl(NewPkce()));
        Assert.Null(CodeFrom(response));
        Assert.StartsWith("/Account/Login", response.Headers.Location!.AbsolutePath(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_WithoutPkce_IsRefused()
    {
        using var browser = app.CreateClient();
        await HttpLogin.LogInAsync(browser, "kommunpolis");
        var response = await browser.GetAsync(AuthorizeUrl(pkce: null));
        Assert.Null(CodeFrom(response));
    }

    [Fact]
    public async Task Code_WithTheWrongVerifier_OrTwice_GivesNoToken()
    {
        using var browser = app.CreateClient();
        await HttpLogin.LogInAsync(browser, "rektor");
        var pkce = NewPkce();
        var code = CodeFrom(await browser.GetAsync(AuthorizeUrl(pkce)))!;
        Assert.Equal(HttpStatusCode.BadRequest, (await RedeemAsync(browser, code, NewPkce().Verifier)).StatusCode);

        var second = NewPkce();
        var code2 = CodeFrom(await browser.GetAsync(AuthorizeUrl(second)))!;
        Assert.Equal(HttpStatusCode.OK, (await RedeemAsync(browser, code2, second.Verifier)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RedeemAsync(browser, code2, second.Verifier)).StatusCode);
    }

    [Fact]
    public async Task TokenOfOneAuthority_CannotReadAnothersCase_404_AndTheAttemptIsAudited()
    {
        using var social = app.CreateClient();
        await HttpLogin.LogInAsync(social, "socialsekreterare");
        var socToken = (await CodeFlowAsync(social)).GetProperty("access_token").GetString();
        var sigId = await SigCaseIdAsync(socToken);

        using var leisure = app.CreateClient();
        await HttpLogin.LogInAsync(leisure, "fritidsledare");
        var kofToken = (await CodeFlowAsync(leisure)).GetProperty("access_token").GetString();
        using var api = app.CreateClient();
        var denied = await GetWithTokenAsync(api, $"/api/v1/cases/{sigId}/action-plan", kofToken);
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        var unknown = await GetWithTokenAsync(api, $"/api/v1/cases/{Guid.NewGuid()}/action-plan", kofToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await denied.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        var listed = await JsonAsync(await GetWithTokenAsync(api, "/api/v1/cases", kofToken));
        Assert.DoesNotContain(listed.EnumerateArray(), c => c.GetProperty("id").GetGuid() == sigId);

        var entries = await AuditAsync();
        Assert.Contains(entries, e => e.CaseId == sigId && e.Decision == "deny" && e.Action == "case.read" && e.ActorRole == Roles.LeisureLeader);
    }

    [Fact]
    public async Task ClientCredentials_SystemActorReadsItsOwnAuthoritysCommitmentsOnly_AndIsNamedInTheLog()
    {
        using var client = app.CreateClient();
        var soc = await SystemTokenAsync(client, ApiServer.SocialServicesSystem);
        var cases = await JsonAsync(await GetWithTokenAsync(client, "/api/v1/cases", soc));
        var sspf = cases.EnumerateArray().Single(c => c.GetProperty("reference").GetString()!.StartsWith("SSPF-", StringComparison.Ordinal));
        var plan = await JsonAsync(await GetWithTokenAsync(client, $"/api/v1/cases/{sspf.GetProperty("id").GetGuid()}/action-plan", soc));
        var whats = plan.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("what").GetString()).ToList();
        Assert.Equal(["Familjesamtal"], whats); // the school's "Närvaroplan med mentor" is another party's commitment

        var police = await SystemTokenAsync(client, ApiServer.PoliceSystem);
        var sigId = await SigCaseIdAsync(soc);
        Assert.Equal(HttpStatusCode.NotFound, (await GetWithTokenAsync(client, $"/api/v1/cases/{sigId}/action-plan", police)).StatusCode);

        var entries = await AuditAsync();
        Assert.Contains(entries, e => e.ActorRole == Roles.SystemIntegration && e.Action == "case.read" && e.Decision == "permit"
                                      && e.RuleIds.Contains("SYS-CASE-R-001", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.ActorRole == Roles.SystemIntegration && e.CaseId == sigId && e.Decision == "deny");
    }

    [Fact]
    public async Task ClientCredentials_WrongSecret_OrPublicClient_GetsNoToken()
    {
        using var client = app.CreateClient();
        var wrong = await ClientCredentialsAsync(client, ApiServer.SocialServicesSystem, secret: ApiServer.Secret + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_client", (await JsonAsync(wrong)).GetProperty("error").GetString());
        var unknown = await ClientCredentialsAsync(client, "finns-inte");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var publicClient = await ClientCredentialsAsync(client, ApiServer.PublicClient, secret: "");
        Assert.NotEqual(HttpStatusCode.OK, publicClient.StatusCode);
    }

    [Fact]
    public async Task SystemActor_CannotSignInInteractively()
    {
        using var client = app.CreateClient();
        var response = await HttpLogin.PasswordStepAsync(client, "system." + ApiServer.SocialServicesSystem, password: ApiServer.Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Inloggningen misslyckades", await response.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoToken_GarbageToken_TamperedToken_ForeignToken_AndWrongAudience_AreRefused()
    {
        using var client = app.CreateClient();
        var valid = await SystemTokenAsync(client, ApiServer.SocialServicesSystem);
        Assert.Equal(HttpStatusCode.OK, (await GetWithTokenAsync(client, "/api/v1/cases", valid)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithTokenAsync(client, "/api/v1/cases", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithTokenAsync(client, "/api/v1/cases", "not-a-token")).StatusCode);
        var tampered = valid[..^8] + (valid[^8] == 'A' ? 'B' : 'A') + valid[^7..];
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithTokenAsync(client, "/api/v1/cases", tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithTokenAsync(client, "/api/v1/cases", ForeignToken())).StatusCode);

        // A person's token for sign-in only (no API scope) has no API audience.
        using var browser = app.CreateClient();
        await HttpLogin.LogInAsync(browser, "skolkurator");
        var idOnly = (await CodeFlowAsync(browser, scope: "openid")).GetProperty("access_token").GetString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithTokenAsync(client, "/api/v1/cases", idOnly)).StatusCode);
    }

    [Fact]
    public async Task ExpiredToken_IsRefused()
    {
        using var client = app.CreateClient();
        var token = await SystemTokenAsync(client, ApiServer.SocialServicesSystem);
        Assert.Equal(HttpStatusCode.OK, (await GetWithTokenAsync(client, "/api/v1/cases", token)).StatusCode);
        try
        {
            app.Clock.Offset = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(5);
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithTokenAsync(client, "/api/v1/cases", token)).StatusCode);
        }
        finally
        {
            app.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task DisablingAUser_StopsTheirUnexpiredToken_AtTheNextCall()
    {
        var userName = await TestUsers.CreateWithMfaAsync(app);
        using var browser = app.CreateClient();
        await HttpLogin.LogInAsync(browser, userName);
        var token = (await CodeFlowAsync(browser)).GetProperty("access_token").GetString();
        using var api = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await GetWithTokenAsync(api, "/api/v1/cases", token)).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            user.Disabled = true;
            await users.UpdateAsync(user);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetWithTokenAsync(api, "/api/v1/cases", token)).StatusCode);
        Assert.Null(CodeFrom(await browser.GetAsync(AuthorizeUrl(NewPkce()))));
    }

    [Fact]
    public async Task Discovery_AdvertisesCodeWithS256AndClientCredentialsOnly()
    {
        using var client = app.CreateClient();
        var discovery = await JsonAsync(await client.GetAsync("/.well-known/openid-configuration"));
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var grants = discovery.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["authorization_code", "client_credentials"], grants);
    }

    /// <summary>A systemförvaltare sees the own authority's integrations and the person-only clients; the regional role sees them all.</summary>
    [Fact]
    public async Task AdminPage_ListsTheRegisteredClients_AndTheirAuthority_NeverTheSecret()
    {
        using var admin = app.CreateClient();
        await HttpLogin.LogInAsync(admin, "systemforvaltare");
        var html = await (await admin.GetAsync("/Admin")).TextAsync();
        Assert.Contains("<td>soc-system</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>test-app</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>polis-system</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiServer.Secret, html, StringComparison.Ordinal);

        using var regional = app.CreateClient();
        await HttpLogin.LogInAsync(regional, await TestUsers.CreateWithMfaAsync(app, Roles.RegionalAdministrator));
        var all = await (await regional.GetAsync("/Admin")).TextAsync();
        Assert.Contains("<td>polis-system</td>", all, StringComparison.Ordinal);
        Assert.Contains("<td>Polismyndigheten, LPO Kristianstad</td>", all, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiServer.Secret, all, StringComparison.Ordinal);
    }

    private async Task<Guid> SigCaseIdAsync(string? token)
    {
        using var api = app.CreateClient();
        var cases = await JsonAsync(await GetWithTokenAsync(api, "/api/v1/cases", token));
        return cases.EnumerateArray().Single(c => c.GetProperty("reference").GetString()!.StartsWith("SIG-", StringComparison.Ordinal)).GetProperty("id").GetGuid();
    }

    /// <summary>The social-services DPO's view of the log (the SIG case and its authority's systems are theirs).</summary>
    private async Task<IReadOnlyList<AuditEntryView>> AuditAsync()
    {
        using var scope = app.Services.CreateScope();
        var dpo = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("dataskyddsombud"))!;
        return await scope.ServiceProvider.GetRequiredService<AuditReads>()
            .ListAsync(new ProcessContext(dpo.Id, Purposes.LogReview, Mfa: true), 500, CancellationToken.None);
    }

    /// <summary>A well-formed JWT for our audience, signed by a key that is not ours.</summary>
    private string ForeignToken()
    {
        using var rsa = RSA.Create(2048);
        var handler = new JwtSecurityTokenHandler();
        return handler.WriteToken(handler.CreateJwtSecurityToken(new SecurityTokenDescriptor
        {
            Issuer = app.BaseUrl + "/", Audience = "samverkan-api",
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("scope", "samverkan.api.read")]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256),
        }));
    }
}
