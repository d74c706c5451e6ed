using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Meetings;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Meetings;

/// <summary>
/// The meeting pages over real HTTP against the seeded AVHOPP case (social services and police, both present at the
/// meeting, covered by a mutual consent): who may open each page, and that every other persona gets a 404 identical to an
/// unknown id, audited, also for the form posts; an anonymous caller is sent to the login page without content.
/// </summary>
public sealed class MeetingPagesTests(AppServer app) : IClassFixture<AppServer>
{
    private static readonly string[] Personas =
        ["socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare", "fritidsledare", "sspf-samordnare", "dataskyddsombud", "systemforvaltare"];

    private static readonly string[] CaseParties = ["socialsekreterare", "sspf-samordnare", "kommunpolis", "avhopparsamordnare"];

    private static readonly string[] Pages = ["list", "meeting", "item"];

    private sealed record Fixture(Guid CaseId, Guid MeetingId, Guid MinuteId);

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
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            var socialUser = (await users.FindByNameAsync("socialsekreterare"))!;
            var policeUser = (await users.FindByNameAsync("kommunpolis"))!;
            var social = new ProcessContext(socialUser.Id, Purposes.Meeting, Mfa: true);
            var avhopp = (await sp.GetRequiredService<CaseReads>().ListMyCasesAsync(social, CancellationToken.None)).Single(c => c.Type == CaseTypes.Avhopp);
            var consents = await sp.GetRequiredService<ConsentReads>().ForCaseAsync(social, avhopp.Id, CancellationToken.None);
            List<Guid> both = [consents.Participants.Single(p => p.Kind == "socialtjanst").Id, consents.Participants.Single(p => p.Kind == "polis").Id];
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            await sp.GetRequiredService<ConsentWrites>().RecordAsync(social, avhopp.Id, new RecordConsentCommand(null, both, both, ["S1", "P3", "AP"],
                today, today.AddMonths(3), true, [], null, null, ConsentForms.Written, true, true), CancellationToken.None);
            var writes = sp.GetRequiredService<MeetingWrites>();
            var meeting = await writes.CreateAsync(social, avhopp.Id, new CreateMeetingCommand(DateTime.UtcNow.AddHours(2), both, [socialUser.Id, policeUser.Id]), CancellationToken.None);
            var minute = await writes.RecordMinutesAsync(social, meeting, new RecordMinutesCommand("S1", "Fiktiv protokollsdel från socialtjänsten."), CancellationToken.None);
            return _fixture = new Fixture(avhopp.Id, meeting, minute);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string Url(string page, Fixture f, Guid? unknown = null) => page switch
    {
        "list" => $"/Meetings/Case/{unknown ?? f.CaseId}",
        "meeting" => $"/Meetings/Details/{unknown ?? f.MeetingId}",
        "item" => $"/Meetings/Item/{unknown ?? f.MeetingId}",
        _ => throw new ArgumentOutOfRangeException(nameof(page)),
    };

    [Fact]
    public async Task Get_Anonymous_RedirectsToLoginWithoutContent()
    {
        var f = await ArrangeAsync();
        using var client = app.CreateClient();
        foreach (var page in Pages)
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
    public async Task Get_EveryPage_OnlyCaseParticipantsSeeItAndEveryDenialIsA404ThatIsAudited(string persona)
    {
        var f = await ArrangeAsync();
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, persona);
        var denied = 0;
        foreach (var page in Pages)
        {
            var response = await client.GetAsync(Url(page, f));
            if (CaseParties.Contains(persona))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{persona} should open {page}, got {response.StatusCode}");
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{persona} must not open {page}, got {response.StatusCode}");
            Assert.DoesNotContain("Fiktiv protokollsdel", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            denied++;
            var unknown = await client.GetAsync(Url(page, f, Guid.NewGuid()));
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal(Strip(await unknown.Content.ReadAsStringAsync()), Strip(await response.Content.ReadAsStringAsync()));
        }

        if (denied == 0) return;
        var name = DemoPersonas.Users.Single(u => u.UserName == persona).DisplayName;
        var denials = (await DpoLogAsync()).Where(e => e.Decision == "deny" && e.ActorName == name && e.Action.StartsWith("meeting.", StringComparison.Ordinal)).ToList();
        Assert.True(denials.Count >= denied, $"{persona}: {denied} denials expected in the log, found {denials.Count}");
    }

    [Theory]
    [InlineData("skolkurator")]
    [InlineData("fritidsledare")]
    [InlineData("dataskyddsombud")]
    [InlineData("systemforvaltare")]
    public async Task Post_Outsider_EveryFormIs404AndNothingIsWritten(string persona)
    {
        var f = await ArrangeAsync();
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, persona);
        var token = await HttpLogin.TokenFromAsync(client, "/");
        var posts = new (string Url, Dictionary<string, string> Fields)[]
        {
            ($"/Meetings/Case/{f.CaseId}", new() { ["Input.StartsAt"] = "2030-01-01T10:00", ["Input.Present"] = Guid.NewGuid().ToString() }),
            ($"/Meetings/Item/{f.MeetingId}/Minutes", new() { ["Minutes.Category"] = "K1", ["Minutes.Text"] = "Försök" }),
            ($"/Meetings/Item/{f.MeetingId}/Action", new() { ["Action.What"] = "Försök", ["Action.Responsible"] = "X", ["Action.DueDate"] = "2030-01-01" }),
            ($"/Meetings/Item/{f.MeetingId}/Disclose", new() { ["type"] = "item", ["resourceId"] = f.MinuteId.ToString(), ["requestKey"] = Guid.NewGuid().ToString() }),
        };
        foreach (var (url, fields) in posts)
        {
            fields["__RequestVerificationToken"] = token;
            var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{persona} POST {url}: {response.StatusCode}");
        }

        var name = DemoPersonas.Users.Single(u => u.UserName == persona).DisplayName;
        var denials = (await DpoLogAsync()).Count(e => e.Decision == "deny" && e.ActorName == name && e.Action is "meeting.create" or "meeting.record");
        Assert.True(denials >= posts.Length, $"{persona}: {posts.Length} denied writes expected in the log, found {denials}");
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
