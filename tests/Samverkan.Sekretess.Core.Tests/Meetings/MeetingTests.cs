using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Meetings;
using Samverkan.Sekretess.Core.Tests.Cases;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Meetings;

/// <summary>
/// The network meeting (legal brief §1 item 1, §8 item 7) through the real services, policies and PostgreSQL: the agenda
/// lists the person only when a consent covers every present authority; minutes and actions go to the others only by
/// recorded disclosures with channel meeting; everyone else gets a 404 and an audit entry.
/// </summary>
public sealed class MeetingTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Agenda_ConsentCoversEveryPresentAuthority_ListsPersonForBoth()
    {
        var w = await MeetingWorld.CreateAsync(host);
        await w.RecordMutualConsentAsync();
        var meeting = await w.CreateMeetingAsync();

        foreach (var persona in new[] { "socialsekreterare", "kommunpolis" })
        {
            var details = await w.GetAsync(persona, meeting);
            var entry = Assert.Single(details.Agenda);
            Assert.Equal("Testa Testsson", entry.PersonName);
            Assert.Equal(2, details.PresentAuthorityNames.Count);
            Assert.Equal(2, details.Attendees.Count);
            var item = await w.ItemAsync(persona, meeting);
            Assert.True(item.MayRecord);
        }

        await using var db = host.NewDbContext();
        var opened = await db.AuditEntries.Where(e => e.Action == "meeting.agenda").ToListAsync();
        Assert.Equal(2, opened.Count);
        Assert.All(opened, e => Assert.Equal(("permit", "CONSENT", "samverkansmote"), (e.Decision, e.LegalGround, e.Purpose)));
        Assert.All(opened, e => Assert.Equal("MEET-A-001", e.RuleIds));
    }

    [Fact]
    public async Task Agenda_PresentAuthorityMissingFromConsent_NotListedAndItemIs404Audited()
    {
        var w = await MeetingWorld.CreateAsync(host, "utb-kristianstad");
        await w.RecordMutualConsentAsync(); // social services and police only
        var meeting = await w.CreateMeetingAsync(present: [w.Sharing.Social, w.Sharing.Police, w.Sharing.School],
            attendees: ["socialsekreterare", "kommunpolis", "skolkurator"]);

        foreach (var persona in new[] { "socialsekreterare", "kommunpolis", "skolkurator" })
        {
            Assert.Empty((await w.GetAsync(persona, meeting)).Agenda);
            await Assert.ThrowsAsync<AccessDeniedException>(() => w.ItemAsync(persona, meeting));
        }

        await using var db = host.NewDbContext();
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "meeting.agenda" && e.Decision == "deny" && e.ResourceId == meeting.ToString()));
    }

    [Fact]
    public async Task Agenda_ConsentNamesPoliceOnlyAsRecipient_NotListed()
    {
        var w = await MeetingWorld.CreateAsync(host);
        // The ordinary one-way consent: social services may tell the police. What the police say at the meeting is not covered.
        await w.Sharing.RecordConsentAsync(w.Sharing.FullConsent(recipients: [w.Sharing.Police], categories: ["S1", "AP"]));
        var meeting = await w.CreateMeetingAsync();

        Assert.Empty((await w.GetAsync("socialsekreterare", meeting)).Agenda);
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.ItemAsync("kommunpolis", meeting));
    }

    [Fact]
    public async Task Agenda_ConsentWithdrawn_PersonDisappearsAndItemIs404()
    {
        var w = await MeetingWorld.CreateAsync(host);
        var consent = await w.RecordMutualConsentAsync();
        var meeting = await w.CreateMeetingAsync();
        Assert.Single((await w.GetAsync("socialsekreterare", meeting)).Agenda);

        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<ConsentWrites>(scope).WithdrawAsync(await w.Sharing.As("socialsekreterare"), consent, new WithdrawConsentCommand("Återkallat muntligt."), Ct);

        Assert.Empty((await w.GetAsync("socialsekreterare", meeting)).Agenda);
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.ItemAsync("socialsekreterare", meeting));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.MinutesAsync("socialsekreterare", meeting, "S1"));
    }

    [Fact]
    public async Task Agenda_ConsentExpired_NotListed()
    {
        var w = await MeetingWorld.CreateAsync(host);
        await w.RecordMutualConsentAsync(from: SharingWorld.Today.AddDays(-60), to: SharingWorld.Today.AddDays(-1));
        var meeting = await w.CreateMeetingAsync();

        Assert.Empty((await w.GetAsync("socialsekreterare", meeting)).Agenda);
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.ItemAsync("kommunpolis", meeting));
    }

    [Fact]
    public async Task Agenda_ParticipantNotPresent_CannotOpenItem()
    {
        var w = await MeetingWorld.CreateAsync(host, "utb-kristianstad");
        await w.RecordMutualConsentAsync([w.Sharing.Social, w.Sharing.Police, w.Sharing.School]);
        var meeting = await w.CreateMeetingAsync(); // social services and police present; the school is not

        Assert.Single((await w.GetAsync("socialsekreterare", meeting)).Agenda);
        Assert.Empty((await w.GetAsync("skolkurator", meeting)).Agenda);
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.ItemAsync("skolkurator", meeting));
    }

    [Fact]
    public async Task Minutes_DisclosedToPresent_RecordsMeetingChannelDisclosureAndPoliceReadsThem()
    {
        var w = await MeetingWorld.CreateAsync(host);
        var consent = await w.RecordMutualConsentAsync();
        var meeting = await w.CreateMeetingAsync();
        var minute = await w.MinutesAsync("socialsekreterare", meeting, "S1", "Socialtjänsten berättade om insatsen.");

        // Before the disclosure the police see nothing of social services' part.
        Assert.Empty((await w.ItemAsync("kommunpolis", meeting)).Minutes);
        var own = Assert.Single((await w.ItemAsync("socialsekreterare", meeting)).Minutes);
        Assert.Equal([ "Polismyndigheten, LPO Kristianstad" ], own.NotYetDisclosedTo);

        var outcome = Assert.Single(await w.DiscloseAsync("socialsekreterare", meeting, "item", minute));
        Assert.True(outcome.Disclosed);

        await using var db = host.NewDbContext();
        var record = await db.Disclosures.SingleAsync();
        Assert.Equal((DisclosureChannels.Meeting, "CONSENT", consent, minute, w.Sharing.Police),
            (record.Channel, record.Ground, record.ConsentId, record.ResourceId, record.RecipientAuthorityId));
        var received = Assert.Single((await w.ItemAsync("kommunpolis", meeting)).Minutes);
        Assert.Equal("Socialtjänsten berättade om insatsen.", received.Text);
        Assert.False(received.Own);
        // The minute is an ordinary item: it also shows in the police's case view as received.
        var policeCase = await w.Sharing.ReadAsync("kommunpolis");
        Assert.NotNull(Assert.Single(policeCase.Items, i => i.Id == minute).Received);
        // A second click discloses nothing more.
        Assert.Empty(await w.DiscloseAsync("socialsekreterare", meeting, "item", minute));
        Assert.Equal(1, await db.Disclosures.CountAsync());
    }

    [Fact]
    public async Task Minutes_ThreePresent_OneRecordedDisclosurePerOtherAuthorityAndResubmitAddsNothing()
    {
        var w = await MeetingWorld.CreateAsync(host, "utb-kristianstad");
        await w.RecordMutualConsentAsync([w.Sharing.Social, w.Sharing.Police, w.Sharing.School]);
        var meeting = await w.CreateMeetingAsync(present: [w.Sharing.Social, w.Sharing.Police, w.Sharing.School], attendees: ["socialsekreterare", "kommunpolis", "rektor"]);
        var minute = await w.MinutesAsync("socialsekreterare", meeting, "S1");
        var key = Guid.NewGuid();

        var first = await w.DiscloseAsync("socialsekreterare", meeting, "item", minute, key);
        Assert.Equal(2, first.Count(o => o.Disclosed));
        await using var db = host.NewDbContext();
        Assert.Equal(2, await db.Disclosures.CountAsync(d => d.Channel == DisclosureChannels.Meeting));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "item.disclose" && e.Decision == "permit"));
        // The same form posted again: both recipients already have it, so nothing new is recorded.
        Assert.Empty(await w.DiscloseAsync("socialsekreterare", meeting, "item", minute, key));
        Assert.Equal(2, await db.Disclosures.CountAsync());
    }

    [Fact]
    public async Task Minutes_PoliceInvestigationCategory_RefusedWithReasonNoRecord()
    {
        var w = await MeetingWorld.CreateAsync(host);
        await w.RecordMutualConsentAsync(categories: ["S1", "P1", "P3", "AP"]);
        var meeting = await w.CreateMeetingAsync();
        // P1 (förundersökning, OSL 18 kap.) protects a public interest: consent can never release it, not even at a meeting.
        var minute = await w.MinutesAsync("kommunpolis", meeting, "P1");

        var outcome = Assert.Single(await w.DiscloseAsync("kommunpolis", meeting, "item", minute));
        Assert.False(outcome.Disclosed);
        Assert.NotEmpty(outcome.Reasons);
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Disclosures.CountAsync());
        Assert.Equal("deny", (await db.AuditEntries.Where(e => e.Action == "item.disclose").OrderBy(e => e.Sequence).LastAsync()).Decision);
        Assert.Empty((await w.ItemAsync("socialsekreterare", meeting)).Minutes);
    }

    [Fact]
    public async Task Actions_AddedAtMeeting_LandInCommittingAuthoritysPlan()
    {
        var w = await MeetingWorld.CreateAsync(host);
        await w.RecordMutualConsentAsync();
        var meeting = await w.CreateMeetingAsync();

        var entry = await w.ActionAsync("kommunpolis", meeting, "Orosamtal med familjen");

        await using (var db = host.NewDbContext())
        {
            var row = await db.ActionPlanEntries.SingleAsync(e => e.Id == entry);
            Assert.Equal((w.CaseId, w.Sharing.Police), (row.CaseId, row.OwnerAuthorityId));
        }

        Assert.Contains(entry, (await w.Sharing.ReadAsync("kommunpolis")).ActionPlan.Select(e => e.Id));
        Assert.Single((await w.ItemAsync("kommunpolis", meeting)).Actions);
        // Social services see the police's commitment only after the police disclose it.
        Assert.Empty((await w.ItemAsync("socialsekreterare", meeting)).Actions);
        Assert.DoesNotContain(entry, (await w.Sharing.ReadAsync("socialsekreterare")).ActionPlan.Select(e => e.Id));
        Assert.True(Assert.Single(await w.DiscloseAsync("kommunpolis", meeting, "action_plan", entry)).Disclosed);
        Assert.Equal("Orosamtal med familjen", Assert.Single((await w.ItemAsync("socialsekreterare", meeting)).Actions).What);
    }

    [Fact]
    public async Task Disclose_SomeoneElsesMinute_Is404AndAudited()
    {
        var w = await MeetingWorld.CreateAsync(host);
        await w.RecordMutualConsentAsync();
        var meeting = await w.CreateMeetingAsync();
        var minute = await w.MinutesAsync("socialsekreterare", meeting, "S1");

        await Assert.ThrowsAsync<AccessDeniedException>(() => w.DiscloseAsync("kommunpolis", meeting, "item", minute));
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Disclosures.CountAsync());
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "item.disclose" && e.Decision == "deny"));
    }

    [Theory]
    [InlineData("fritidsledare")]
    [InlineData("dataskyddsombud")]
    [InlineData("systemforvaltare")]
    [InlineData("anonym")]
    public async Task Outsiders_GetNothingAndEveryAttemptIsAudited(string persona)
    {
        var w = await MeetingWorld.CreateAsync(host);
        await w.RecordMutualConsentAsync();
        var meeting = await w.CreateMeetingAsync();
        var minute = await w.MinutesAsync("socialsekreterare", meeting, "S1");
        await using var before = host.NewDbContext();
        var denies = await before.AuditEntries.CountAsync(e => e.Decision == "deny");

        await Assert.ThrowsAsync<AccessDeniedException>(() => w.ListAsync(persona));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.GetAsync(persona, meeting));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.ItemAsync(persona, meeting));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.MinutesAsync(persona, meeting, "F1"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.ActionAsync(persona, meeting, "Något"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.DiscloseAsync(persona, meeting, "item", minute));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.CreateMeetingAsync(persona: persona, attendees: ["socialsekreterare", "kommunpolis"]));
        // An unknown meeting id looks exactly like a foreign one.
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.GetAsync(persona, Guid.NewGuid()));

        await using var db = host.NewDbContext();
        Assert.Equal(denies + 8, await db.AuditEntries.CountAsync(e => e.Decision == "deny"));
        Assert.Equal(1, await db.Meetings.CountAsync());
        Assert.Equal(0, await db.Disclosures.CountAsync());
    }

    [Fact]
    public async Task Create_PresentAuthorityNotInCase_IsDeniedAndAudited()
    {
        var w = await MeetingWorld.CreateAsync(host);
        var leisure = w.Sharing.Authority("kof-kristianstad");

        await Assert.ThrowsAsync<AccessDeniedException>(() => w.CreateMeetingAsync(present: [w.Sharing.Social, leisure], attendees: ["socialsekreterare"]));
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Meetings.CountAsync());
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "meeting.create" && e.Decision == "deny"));
    }

    [Fact]
    public async Task Create_AttendeeFromAbsentAuthority_IsRefused()
    {
        var w = await MeetingWorld.CreateAsync(host, "utb-kristianstad");
        var e = await Assert.ThrowsAsync<InvalidCommandException>(() => w.CreateMeetingAsync(attendees: ["socialsekreterare", "kommunpolis", "skolkurator"]));
        Assert.Contains("närvarande myndigheterna", e.Message, StringComparison.Ordinal);
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Meetings.CountAsync());
    }

    [Fact]
    public async Task List_ParticipantSeesMeetingsAndMayCreate()
    {
        var w = await MeetingWorld.CreateAsync(host);
        await w.CreateMeetingAsync();

        var list = await w.ListAsync("kommunpolis");
        var m = Assert.Single(list.Meetings);
        Assert.Equal(2, m.PresentAuthorityNames.Count);
        Assert.True(list.MayCreate);
        Assert.Contains(list.Users, u => u.DisplayName.StartsWith("Dan Påhittad", StringComparison.Ordinal));
        Assert.DoesNotContain(list.Users, u => u.AuthorityName.StartsWith("Kultur", StringComparison.Ordinal));
    }
}
