using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Disclosures;

/// <summary>
/// The flows of the legal brief's matrix (§7) through the real services, policies and PostgreSQL: each one either
/// possible on its ground with the required record, or refused with an explanation, an audit entry and no record.
/// </summary>
public sealed class DisclosureFlowTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Consent_SocialServicesToPolice_RecordWrittenItemRelabelledAndRecipientNotified()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent());

        var id = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "CONSENT", consent);

        var police = await w.ReadAsync("kommunpolis");
        var received = Assert.Single(police.Items, i => i.Id == w.Case.SocialItemId);
        Assert.NotNull(received.Received);
        Assert.Equal("CONSENT", received.Received!.Ground);
        Assert.Contains("35 kap. 1 §", received.Received.RecipientRegime, StringComparison.Ordinal);
        Assert.Contains(received.Why.Rules, r => r.RuleId == "ITEM-R-002");
        Assert.False(received.MayEdit);
        await using var db = host.NewDbContext();
        var record = await db.Disclosures.SingleAsync(d => d.Id == id);
        Assert.Equal(consent, record.ConsentId);
        Assert.False(record.AnteckningRequired);
        Assert.NotEqual("Bedömning i det enskilda fallet.", record.AssessmentCipher);
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientAuthorityId == w.Police && n.Kind == NotificationKinds.DisclosureReceived && n.RelatedId == id));
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "item.disclose");
        Assert.Equal(("permit", "CONSENT"), (entry.Decision, entry.LegalGround));
        Assert.Contains(id.ToString(), entry.ItemIds, StringComparison.Ordinal);
        // Other parties still see nothing of it.
        var (_, school) = await ReadAsSchoolAsync(w);
        Assert.DoesNotContain(w.Case.SocialItemId, school.Items.Select(i => i.Id));
    }

    private async Task<(SharingWorld, CaseDetails)> ReadAsSchoolAsync(SharingWorld w)
    {
        try
        {
            return (w, await w.ReadAsync("skolkurator"));
        }
        catch (AccessDeniedException)
        {
            // The school does not take part in this case at all: it sees nothing, which is what we assert.
            return (w, new CaseDetails(w.Case.CaseId, "", "", "", "", "", "", false, false, [], [], [], 0, [], new CaseCapabilities([], false, false, false, Guid.Empty)));
        }
    }

    [Fact]
    public async Task Consent_ActionPlanEntry_RecipientSeesOnlyWhatWasDisclosed()
    {
        var w = await SharingWorld.CreateAsync(host, "utb-kristianstad");
        var consent = await w.RecordConsentAsync(w.FullConsent(recipients: [w.Police]));
        await w.DiscloseAsync("socialsekreterare", "action_plan", w.Case.SocialPlanEntryId, w.Police, "CONSENT", consent);

        var police = await w.ReadAsync("kommunpolis");
        Assert.Equal(new[] { w.Case.SocialPlanEntryId, w.Case.PolicePlanEntryId }.Order(), police.ActionPlan.Select(e => e.Id).Order());
        Assert.NotNull(police.ActionPlan.Single(e => e.Id == w.Case.SocialPlanEntryId).Received);
        var school = await w.ReadAsync("skolkurator");
        Assert.Empty(school.ActionPlan);
    }

    [Fact]
    public async Task Ground18a_TwentyTwoYearOld_IsRefusedWithReasonAndAudited()
    {
        var w = await SharingWorld.CreateAsync(host);
        var adultCase = await OpenCaseForAsync(SharingWorld.Today.AddYears(-22).AddDays(-3), w);
        Guid item;
        await using (var scope = host.Services.CreateAsyncScope())
            item = await CoreHost.Get<ItemWrites>(scope).AddItemAsync(await w.As("socialsekreterare"), adultCase, new AddItemCommand("S1", "Oro", "Fiktiv text"), Ct);

        var answers = Answers18a();
        var e = await Assert.ThrowsAsync<DisclosureRefusedException>(() => w.DiscloseAsync("socialsekreterare", "item", item, w.Police, "18a", answers: answers));
        Assert.NotEmpty(e.Reasons);
        Assert.Contains("21", string.Join(" ", e.Reasons), StringComparison.Ordinal);
        await AssertRefusedAndAuditedAsync();
    }

    [Fact]
    public async Task Ground18a_SixteenYearOld_IsPossibleWithAnteckning()
    {
        var w = await SharingWorld.CreateAsync(host);
        var id = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "18a", answers: Answers18a());
        await using var db = host.NewDbContext();
        Assert.True((await db.Disclosures.SingleAsync(d => d.Id == id)).AnteckningRequired);
    }

    [Fact]
    public async Task Ground18a_WithoutAssessment_IsRefused()
    {
        var w = await SharingWorld.CreateAsync(host);
        await Assert.ThrowsAsync<DisclosureRefusedException>(() =>
            w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "18a", answers: Answers18a(), assessment: ""));
        await AssertRefusedAndAuditedAsync();
    }

    [Fact]
    public async Task Consent_OneGuardianUnderJointCustody_IsRefusedAndNotOffered()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent(guardians: [w.GuardianA]));

        var form = await w.ShareFormAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police);
        Assert.DoesNotContain(form.Grounds, g => g.Key == "CONSENT");
        var e = await Assert.ThrowsAsync<DisclosureRefusedException>(() => w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "CONSENT", consent));
        Assert.Contains(e.Reasons, r => r.Contains("vårdnadshavare", StringComparison.Ordinal));
        await AssertRefusedAndAuditedAsync();
    }

    [Fact]
    public async Task Consent_OneGuardianWithDocumentedMinorMatter_IsPossible()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent(guardians: [w.GuardianA], custodyException: "Mindre ingripande fråga: tid för nätverksmöte."));
        await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "CONSENT", consent);
    }

    [Fact]
    public async Task Consent_PoliceInvestigationData_CannotBeReleased()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent(senders: [w.Police], recipients: [w.Social], categories: ["P1"]), "kommunpolis");

        var form = await w.ShareFormAsync("kommunpolis", "item", w.Case.PoliceItemId, w.Social);
        Assert.DoesNotContain(form.Grounds, g => g.Key == "CONSENT");
        var e = await Assert.ThrowsAsync<DisclosureRefusedException>(() => w.DiscloseAsync("kommunpolis", "item", w.Case.PoliceItemId, w.Social, "CONSENT", consent));
        Assert.Contains(e.Reasons, r => r.Contains("allmänt intresse", StringComparison.Ordinal));
        await AssertRefusedAndAuditedAsync();
    }

    [Fact]
    public async Task GeneralClause27_IsNeverOfferedForSocialServicesDataAndIsRefused()
    {
        var w = await SharingWorld.CreateAsync(host);
        var form = await w.ShareFormAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police);
        Assert.DoesNotContain(form.Grounds, g => g.Key == "27");
        Assert.Contains(form.Grounds, g => g.Key == "18a");

        await Assert.ThrowsAsync<DisclosureRefusedException>(() =>
            w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "27", answers: new() { ["disclosure.obviousPrevalence"] = "true" }));
        await AssertRefusedAndAuditedAsync();
    }

    [Fact]
    public async Task Police_ThreatAssessmentSummary_ToSocialServicesOn27_WithAnteckning()
    {
        var w = await SharingWorld.CreateAsync(host);
        Guid threat;
        await using (var scope = host.Services.CreateAsyncScope())
            threat = await CoreHost.Get<ItemWrites>(scope).AddItemAsync(await w.As("avhopparsamordnare"), w.Case.CaseId,
                new AddItemCommand("P3", "Sammanfattning av hotbedömning", "Fiktiv: förhöjd hotbild, undvik offentliga platser."), Ct);

        var id = await w.DiscloseAsync("avhopparsamordnare", "item", threat, w.Social, "27", answers: new() { ["disclosure.obviousPrevalence"] = "true" });

        await using var db = host.NewDbContext();
        var record = await db.Disclosures.SingleAsync(d => d.Id == id);
        Assert.True(record.AnteckningRequired);
        Assert.Equal("27", record.Ground);
        Assert.Contains(threat, (await w.ReadAsync("socialsekreterare")).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Ngo_ReceivesOnlyOnConsent()
    {
        var w = await SharingWorld.CreateAsync(host);
        var ngo = await AddNgoParticipantAsync(w);

        var form = await w.ShareFormAsync("socialsekreterare", "item", w.Case.SocialItemId, ngo);
        Assert.DoesNotContain(form.Grounds, g => g.Key is "18a" or "21" or "23" or "27");
        Assert.NotNull(form.Preview!.Warning);
        await Assert.ThrowsAsync<DisclosureRefusedException>(() =>
            w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, ngo, "23", answers: new() { ["disclosure.minimumPenaltyMonths"] = "24" }));

        var consent = await w.RecordConsentAsync(w.FullConsent(recipients: [ngo]));
        var id = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, ngo, "CONSENT", consent);
        await using var db = host.NewDbContext();
        Assert.Contains("OSL gäller inte", (await db.Disclosures.SingleAsync(d => d.Id == id)).RecipientRegime, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disclose_ToAnAuthorityNotInTheCase_IsRefusedWithoutRecord()
    {
        var w = await SharingWorld.CreateAsync(host);
        var e = await Assert.ThrowsAsync<InvalidCommandException>(() =>
            w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Authority("kof-kristianstad"), "18a", answers: Answers18a()));
        Assert.Contains("deltar inte", e.Message, StringComparison.Ordinal);
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Disclosures.CountAsync());
    }

    [Fact]
    public async Task Disclose_DoubleSubmit_WritesOneRecord()
    {
        var w = await SharingWorld.CreateAsync(host);
        var key = Guid.NewGuid();
        var a = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "18a", answers: Answers18a(), key: key);
        var b = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "18a", answers: Answers18a(), key: key);
        Assert.Equal(a, b);
        await using var db = host.NewDbContext();
        Assert.Equal(1, await db.Disclosures.CountAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "item.disclose"));
    }

    [Fact]
    public async Task Disclose_FieldTheGroundDoesNotAskFor_IsRefused()
    {
        var w = await SharingWorld.CreateAsync(host);
        var answers = Answers18a();
        answers["disclosure.secondApproverRecorded"] = "true";
        await Assert.ThrowsAsync<InvalidCommandException>(() => w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "18a", answers: answers));
    }

    [Theory]
    [InlineData("kommunpolis")]
    [InlineData("avhopparsamordnare")]
    [InlineData("sspf-samordnare")]
    [InlineData("skolkurator")]
    [InlineData("dataskyddsombud")]
    [InlineData("systemforvaltare")]
    [InlineData("anonym")]
    public async Task Disclose_AnyoneButTheOwner_Gets404AndIsAudited(string persona)
    {
        var w = await SharingWorld.CreateAsync(host);
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.ShareFormAsync(persona, "item", w.Case.SocialItemId, null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.DiscloseAsync(persona, "item", w.Case.SocialItemId, w.Police, "18a", answers: Answers18a()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => w.DiscloseAsync(persona, "item", Guid.NewGuid(), w.Police, "18a", answers: Answers18a()));
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Disclosures.CountAsync());
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Decision == "deny"));
    }

    [Fact]
    public async Task ProtectedIdentity_WithoutContactDetails_IsSharedAndTheContactStaysHidden()
    {
        var w = await SharingWorld.CreateAsync(host);
        await using (var db = host.NewDbContext())
            await db.Persons.ExecuteUpdateAsync(s => s.SetProperty(p => p.SkyddadFolkbokforing, true));

        await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "18a", answers: Answers18a());
        var seen = Assert.Single((await w.ReadAsync("kommunpolis")).Items, i => i.Id == w.Case.SocialItemId);
        Assert.Null(seen.Contact);
        // The preview listed no contact details, so the recipient does not even learn that some were withheld.
        Assert.False(seen.ContactRedacted);
        await using var check = host.NewDbContext();
        var dpo = await check.Users.SingleAsync(u => u.UserName == "dataskyddsombud");
        Assert.True(await check.Notifications.AnyAsync(n => n.RecipientUserId == dpo.Id && n.Kind == NotificationKinds.ProtectedIdentityAccess));
    }

    [Fact]
    public async Task ProtectedIdentity_ContactDetails_WaitForASecondOfficialWhoIsNotTheDecider()
    {
        var w = await SharingWorld.CreateAsync(host);
        await using (var db = host.NewDbContext())
            await db.Persons.ExecuteUpdateAsync(s => s.SetProperty(p => p.SkyddadFolkbokforing, true));
        var colleague = await w.CreateColleagueAsync();

        var id = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "18a", answers: Answers18a(), includeContact: true);

        // Pending: the police sees nothing yet, and the deciding official cannot approve her own disclosure.
        Assert.DoesNotContain(w.Case.SocialItemId, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var writes = CoreHost.Get<DisclosureWrites>(scope);
            await Assert.ThrowsAsync<AccessDeniedException>(async () => await writes.ApproveAsync(await w.As("socialsekreterare"), id, Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(async () => await writes.ApproveAsync(await w.As("kommunpolis"), id, Ct));
            await writes.ApproveAsync(colleague, id, Ct);
        }

        var seen = Assert.Single((await w.ReadAsync("kommunpolis")).Items, i => i.Id == w.Case.SocialItemId);
        Assert.Equal("Fiktivgatan 1", seen.Contact);
        Assert.Null(Assert.Single((await w.ReadAsync("socialsekreterare")).Items, i => i.Id == w.Case.SocialItemId).Contact);
        await using var check = host.NewDbContext();
        var record = await check.Disclosures.SingleAsync(d => d.Id == id);
        Assert.False(record.PendingSecondApproval);
        Assert.Equal(colleague.UserId, record.SecondApproverUserId);
        Assert.Equal(2, await check.AuditEntries.CountAsync(e => e.Action == "disclosure.approve" && e.Decision == "deny"));
        Assert.Equal("permit", (await check.AuditEntries.SingleAsync(e => e.Action == "disclosure.approve" && e.Decision == "permit")).Decision);
    }

    [Fact]
    public async Task InformationRequest_PoliceAsks_SocialServicesAnswersByDisclosureOrDeclines()
    {
        var w = await SharingWorld.CreateAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var requests = CoreHost.Get<InformationRequests>(scope);
        var first = await requests.CreateAsync(await w.As("kommunpolis"), w.Case.CaseId, w.Social, "Behöver veta om insats pågår.", null, Ct);
        var second = await requests.CreateAsync(await w.As("kommunpolis"), w.Case.CaseId, w.Social, "Kontaktuppgifter till familjen.", null, Ct);
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await requests.DeclineAsync(await w.As("kommunpolis"), first, "Nej.", Ct));

        await CoreHost.Get<DisclosureWrites>(scope).DiscloseAsync(await w.As("socialsekreterare"), "item", w.Case.SocialItemId,
            new DiscloseCommand(w.Police, "18a", null, Answers18a(), "Bedömning.", DisclosureInitiatives.OnRequest, DisclosureChannels.System, false, first, Guid.NewGuid()), Ct);
        await requests.DeclineAsync(await w.As("socialsekreterare"), second, "Omfattas av 26 kap. 1 § och ingen grund medger utlämnande.", Ct);

        var view = await CoreHost.Get<DisclosureReads>(scope).ForCaseAsync(await w.As("kommunpolis"), w.Case.CaseId, Ct);
        Assert.Equal(InformationRequestStatuses.Answered, view.Requests.Single(r => r.Id == first).Status);
        Assert.Equal(InformationRequestStatuses.Declined, view.Requests.Single(r => r.Id == second).Status);
        var disclosure = Assert.Single(view.Disclosures);
        Assert.Equal(DisclosureInitiatives.OnRequest, disclosure.Initiative);
        Assert.Null(disclosure.Assessment); // the sender's own assessment is not shown to the recipient
    }

    private static Dictionary<string, string> Answers18a() => new()
    {
        ["disclosure.riskOfCriminalActivity"] = "true",
        ["disclosure.preventiveEffect"] = "true",
        ["disclosure.notInappropriateConsidered"] = "true",
    };

    private async Task AssertRefusedAndAuditedAsync()
    {
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Disclosures.CountAsync());
        var entry = await db.AuditEntries.Where(e => e.Action == "item.disclose").OrderBy(e => e.Sequence).LastAsync();
        Assert.Equal("deny", entry.Decision);
    }

    private async Task<Guid> OpenCaseForAsync(DateOnly birth, SharingWorld w)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<CaseWrites>(scope).OpenCaseAsync(await w.As("socialsekreterare"),
            new OpenCaseCommand(CaseTypes.Sig, SharingWorld.PersonalNumber(birth), "Vuxen Testperson", [w.Police]), Ct);
    }

    private async Task<Guid> AddNgoParticipantAsync(SharingWorld w)
    {
        var id = Guid.NewGuid();
        await using var db = host.NewDbContext();
        db.Authorities.Add(new Authority { Id = id, Code = $"ngo-{id:N}"[..20], Name = "Föreningen Fiktiv Stödverksamhet", Kind = "ngo", SecrecyRegime = "Ingen (enskild)" });
        await db.SaveChangesAsync();
        db.CaseParticipants.Add(new CaseParticipant { CaseId = w.Case.CaseId, AuthorityId = id });
        await db.SaveChangesAsync();
        return id;
    }
}
