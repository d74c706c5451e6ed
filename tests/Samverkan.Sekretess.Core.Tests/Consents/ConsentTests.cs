using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Consents;

/// <summary>Recording, reading and withdrawing consent on real PostgreSQL, including every bad input the issue names.</summary>
public sealed class ConsentTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Record_YouthAndBothGuardians_ShowsTheEffectiveScopeAndIsAudited()
    {
        var w = await SharingWorld.CreateAsync(host);
        var id = await w.RecordConsentAsync(w.FullConsent());

        await using var scope = host.Services.CreateAsyncScope();
        var view = await CoreHost.Get<ConsentReads>(scope).GetAsync(await w.As("kommunpolis"), id, Ct);
        Assert.Equal(ConsentStatuses.Valid, view.Status);
        Assert.True(view.GivenBySubject);
        Assert.Equal(["Tora Testsson", "Tage Testsson"], view.ConsentingGuardianNames);
        Assert.Contains("lämna", view.EffectiveScope, StringComparison.Ordinal);
        Assert.Contains("Polis", view.EffectiveScope, StringComparison.Ordinal);
        Assert.Contains("Socialnämnden", view.EffectiveScope, StringComparison.Ordinal);
        Assert.Contains("SIG", view.EffectiveScope, StringComparison.Ordinal);

        await using var db = host.NewDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "consent.record");
        Assert.Equal("permit", entry.Decision);
        Assert.Equal(id.ToString(), entry.ResourceId);
        // Texts are encrypted at rest: the maturity assessment is not stored in clear.
        var stored = await db.Consents.SingleAsync();
        Assert.DoesNotContain("förstår", stored.MaturityAssessmentCipher, StringComparison.Ordinal);
    }

    public static TheoryData<string> BadInputs() => ["to-before-from", "unknown-guardian", "not-informed", "no-recipient", "recipient-not-in-case", "child-without-maturity", "too-long", "subject-not-in-case", "bad-attachment"];

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Record_BadInput_ClearSwedishErrorAndNothingStored(string bad)
    {
        var w = await SharingWorld.CreateAsync(host);
        var ok = w.FullConsent();
        var command = bad switch
        {
            "to-before-from" => ok with { ValidFrom = SharingWorld.Today, ValidTo = SharingWorld.Today.AddDays(-1) },
            "unknown-guardian" => ok with { ConsentingGuardianIds = [w.GuardianA, Guid.NewGuid()] },
            "not-informed" => ok with { InformedOfRightToWithdraw = false },
            "no-recipient" => ok with { RecipientAuthorityIds = [] },
            "recipient-not-in-case" => ok with { RecipientAuthorityIds = [w.Authority("kof-kristianstad")] },
            "child-without-maturity" => ok with { MaturityAssessment = " " },
            "too-long" => ok with { ValidTo = SharingWorld.Today.AddYears(4) },
            "subject-not-in-case" => ok with { SubjectPersonId = Guid.NewGuid() },
            "bad-attachment" => ok with { Attachment = "<script>alert(1)</script>"u8.ToArray(), AttachmentContentType = "application/pdf" },
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };

        var e = await Assert.ThrowsAsync<InvalidCommandException>(() => w.RecordConsentAsync(command));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Consents.CountAsync());
    }

    [Fact]
    public async Task Record_DoubleSubmit_StoresOneConsent()
    {
        var w = await SharingWorld.CreateAsync(host);
        var key = Guid.NewGuid();
        var first = await w.RecordConsentAsync(w.FullConsent() with { RequestId = key });
        var second = await w.RecordConsentAsync(w.FullConsent() with { RequestId = key });
        Assert.Equal(first, second);
        await using var db = host.NewDbContext();
        Assert.Equal(1, await db.Consents.CountAsync());
    }

    [Fact]
    public async Task Record_SignedFormAttachment_IsEncryptedAndReadBackOnlyByParticipants()
    {
        var w = await SharingWorld.CreateAsync(host);
        var pdf = "%PDF-1.4 fiktiv blankett"u8.ToArray();
        var id = await w.RecordConsentAsync(w.FullConsent() with { Attachment = pdf, AttachmentContentType = "application/pdf" });
        await using var scope = host.Services.CreateAsyncScope();
        var reads = CoreHost.Get<ConsentReads>(scope);
        var (content, type) = await reads.GetAttachmentAsync(await w.As("socialsekreterare"), id, Ct);
        Assert.Equal(pdf, content);
        Assert.Equal("application/pdf", type);
        var school = await w.As("skolkurator");
        await Assert.ThrowsAsync<AccessDeniedException>(() => reads.GetAttachmentAsync(school, id, Ct));
        await using var db = host.NewDbContext();
        Assert.NotEqual(pdf, (await db.Consents.SingleAsync()).AttachmentCipher);
    }

    [Theory]
    [InlineData("skolkurator")]
    [InlineData("rektor")]
    [InlineData("fritidsledare")]
    [InlineData("dataskyddsombud")]
    [InlineData("systemforvaltare")]
    [InlineData("anonym")]
    public async Task ReadAndRecord_NonParticipantsAndContentlessRoles_GetNothingAndAreAudited(string persona)
    {
        var w = await SharingWorld.CreateAsync(host);
        var id = await w.RecordConsentAsync(w.FullConsent());
        var context = await w.As(persona);
        long before;
        await using (var db = host.NewDbContext()) before = await db.AuditEntries.MaxAsync(e => e.Sequence);

        await using var scope = host.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<ConsentReads>(scope).ForCaseAsync(context, w.Case.CaseId, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<ConsentReads>(scope).GetAsync(context, id, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<ConsentWrites>(scope).RecordAsync(context, w.Case.CaseId, w.FullConsent(), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<ConsentWrites>(scope).WithdrawAsync(context, id, new WithdrawConsentCommand(null), Ct));

        await using var check = host.NewDbContext();
        var denials = await check.AuditEntries.Where(e => e.Sequence > before).ToListAsync();
        Assert.Equal(4, denials.Count);
        Assert.All(denials, d => Assert.Equal("deny", d.Decision));
        Assert.Equal(1, await check.Consents.CountAsync());
        Assert.Null((await check.Consents.SingleAsync()).WithdrawnAt);
    }

    [Fact]
    public async Task Record_WithoutSecondFactor_IsDenied()
    {
        var w = await SharingWorld.CreateAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var withoutMfa = await host.AsAsync("socialsekreterare");
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<ConsentWrites>(scope).RecordAsync(withoutMfa, w.Case.CaseId, w.FullConsent(), Ct));
    }

    [Fact]
    public async Task Withdraw_EndsTheSharesAtOnceNotifiesRecipientsAndKeepsTheRecord()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent());
        var disclosure = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "CONSENT", consent);
        Assert.Contains(w.Case.SocialItemId, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));

        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<ConsentWrites>(scope).WithdrawAsync(await w.As("socialsekreterare"), consent, new WithdrawConsentCommand("Återkallat muntligt i telefon."), Ct);

        // Immediately: the police no longer sees the item, and the next disclosure on the consent is refused.
        Assert.DoesNotContain(w.Case.SocialItemId, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));
        var refused = await Assert.ThrowsAsync<InvalidCommandException>(() =>
            w.DiscloseAsync("socialsekreterare", "action_plan", w.Case.SocialPlanEntryId, w.Police, "CONSENT", consent));
        Assert.Contains("återkallats", refused.Message, StringComparison.Ordinal);

        await using var db = host.NewDbContext();
        var record = await db.Disclosures.SingleAsync(d => d.Id == disclosure);
        Assert.NotNull(record.EndedAt);
        Assert.Equal(1, await db.Disclosures.CountAsync());
        Assert.True(await db.Notifications.AnyAsync(n => n.RecipientAuthorityId == w.Police && n.Kind == NotificationKinds.ConsentWithdrawn));
        Assert.Equal("permit", (await db.AuditEntries.SingleAsync(e => e.Action == "consent.withdraw")).Decision);
    }

    [Fact]
    public async Task ExpiredConsent_EndsTheShareWithoutAnyJob()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent());
        await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "CONSENT", consent);
        await using (var db = host.NewDbContext())
            await db.Consents.Where(c => c.Id == consent).ExecuteUpdateAsync(s => s.SetProperty(c => c.ValidTo, DateTime.UtcNow.AddMinutes(-1)));

        Assert.DoesNotContain(w.Case.SocialItemId, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));
        var form = await w.ShareFormAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police);
        Assert.DoesNotContain(form.Grounds, g => g.Key == "CONSENT");
    }
}
