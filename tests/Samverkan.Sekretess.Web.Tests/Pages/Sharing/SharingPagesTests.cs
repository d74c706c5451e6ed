using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Sharing;

/// <summary>
/// Every consent, disclosure and notification page over real HTTP against the seeded AVHOPP case (social services and
/// police): who may open it, and that every other persona gets a 404 indistinguishable from an unknown id — audited —
/// while an anonymous caller is sent to the login page without content.
/// </summary>
public sealed class SharingPagesTests(AppServer app) : IClassFixture<AppServer>
{
    private static readonly string[] Personas =
        ["socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare", "fritidsledare", "sspf-samordnare", "dataskyddsombud", "systemforvaltare"];

    private static readonly string[] CaseParties = ["socialsekreterare", "sspf-samordnare", "kommunpolis", "avhopparsamordnare"];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["consents"] = CaseParties,
        ["consent"] = CaseParties,
        ["share"] = ["socialsekreterare"],
        ["disclosures"] = CaseParties,
        ["notifications"] = Personas.Where(p => p != "systemforvaltare").ToArray(),
    };

    private sealed record Fixture(Guid CaseId, Guid SocialItemId, Guid ConsentId);

    private static Fixture? _fixture;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private async Task<Fixture> ArrangeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_fixture is not null) return _fixture;
            await using var scope = app.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var user = await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("socialsekreterare");
            var social = new ProcessContext(user!.Id, Purposes.CaseWork, Mfa: true);
            var reads = sp.GetRequiredService<CaseReads>();
            var avhopp = (await reads.ListMyCasesAsync(social, CancellationToken.None)).Single(c => c.Type == CaseTypes.Avhopp);
            var details = await reads.GetCaseAsync(social, avhopp.Id, CancellationToken.None);
            var item = details.Items.First(i => i.Category == "S1").Id;
            var consents = await sp.GetRequiredService<ConsentReads>().ForCaseAsync(social, avhopp.Id, CancellationToken.None);
            var police = consents.Participants.Single(p => p.Kind == "polis").Id;
            var socialAuthority = consents.Participants.Single(p => p.Kind == "socialtjanst").Id;
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var consent = await sp.GetRequiredService<ConsentWrites>().RecordAsync(social, avhopp.Id, new RecordConsentCommand(null, [socialAuthority], [police], ["S1"],
                today, today.AddMonths(3), true, [], null, null, ConsentForms.Written, true, true), CancellationToken.None);
            return _fixture = new Fixture(avhopp.Id, item, consent);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string Url(string page, Fixture f, Guid? unknown = null) => page switch
    {
        "consents" => $"/Consents/Case/{unknown ?? f.CaseId}",
        "consent" => $"/Consents/Details/{unknown ?? f.ConsentId}",
        "share" => $"/Share/item/{unknown ?? f.SocialItemId}",
        "disclosures" => $"/Disclosures/Case/{unknown ?? f.CaseId}",
        "notifications" => "/Notifications",
        _ => throw new ArgumentOutOfRangeException(nameof(page)),
    };

    [Fact]
    public async Task Get_Anonymous_RedirectsToLoginWithoutContent()
    {
        var f = await ArrangeAsync();
        using var client = app.CreateClient();
        foreach (var page in Allowed.Keys)
        {
            var response = await client.GetAsync(Url(page, f));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            Assert.Equal("", await response.Content.ReadAsStringAsync());
        }
    }

    public static TheoryData<string> EveryPersona() => new(Personas);

    [Theory]
    [MemberData(nameof(EveryPersona))]
    public async Task Get_EveryPage_OnlyTheAllowedSeeItAndEveryDenialIsA404ThatIsAudited(string persona)
    {
        var f = await ArrangeAsync();
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, persona);
        var denied = new List<string>();
        foreach (var (page, allowed) in Allowed)
        {
            var response = await client.GetAsync(Url(page, f));
            if (allowed.Contains(persona))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{persona} should open {page}, got {response.StatusCode}");
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{persona} must not open {page}, got {response.StatusCode}");
            denied.Add(page);
            if (page == "notifications") continue;
            // Not found and not permitted look the same.
            var unknown = await client.GetAsync(Url(page, f, Guid.NewGuid()));
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal(Strip(await unknown.Content.ReadAsStringAsync()), Strip(await response.Content.ReadAsStringAsync()));
        }

        if (denied.Count == 0) return;
        // Each denial is in the log the social services' data-protection officer reviews.
        var log = await DpoLogAsync();
        var name = DemoPersonas.Users.Single(u => u.UserName == persona).DisplayName;
        var denials = log.Where(e => e.Decision == "deny" && e.ActorName == name).ToList();
        Assert.True(denials.Count >= denied.Count, $"{persona}: {denied.Count} denials expected in the log, found {denials.Count}");
    }

    private async Task<IReadOnlyList<AuditEntryView>> DpoLogAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("dataskyddsombud");
        return await scope.ServiceProvider.GetRequiredService<AuditReads>().ListAsync(new ProcessContext(user!.Id, Purposes.LogReview, Mfa: true), 500, CancellationToken.None);
    }

    private static string Strip(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");
}
