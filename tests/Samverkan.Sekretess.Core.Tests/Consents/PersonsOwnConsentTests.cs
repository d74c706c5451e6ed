using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Consents;

/// <summary>
/// Issue 17: a consent covers only its own person (legal brief: each data subject consents for their own data). An item
/// about the youth and the mother needs both their consents; the mother, an adult person of the case, consents herself;
/// withdrawing either consent ends the share that rests on both.
/// </summary>
public sealed class PersonsOwnConsentTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private const string MotherName = "Moa Testsson";

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ItemAboutYouthAndMother_NeedsBothConsents_AndWithdrawingTheMothersEndsTheShare()
    {
        var w = await SharingWorld.CreateAsync(host);
        var item = await AddItemAboutYouthAndMotherAsync(w);
        var youth = await w.RecordConsentAsync(w.FullConsent());

        // The youth's consent alone: not offered, the form names the mother, and the disclosure itself is refused.
        var form = await w.ShareFormAsync("socialsekreterare", "item", item, w.Police);
        Assert.DoesNotContain(form.Grounds, g => g.Key == "CONSENT");
        Assert.Equal([MotherName], form.MissingConsentFrom);
        await Assert.ThrowsAsync<DisclosureRefusedException>(() => DiscloseAsync(w, item, [youth]));

        // The mother is a person of the case (the item names her) and consents herself.
        var persons = (await ConsentsAsync(w)).Persons;
        var mother = Assert.Single(persons, p => !p.IsCaseSubject);
        Assert.Equal(MotherName, mother.Name);
        var mothers = await w.RecordConsentAsync(MothersConsent(w, mother.Id));
        var receipt = Assert.Single((await ConsentsAsync(w)).Consents, c => c.Id == mothers);
        Assert.Equal((MotherName, false, true), (receipt.SubjectName, receipt.SubjectIsCasePerson, receipt.GivenBySubject));

        form = await w.ShareFormAsync("socialsekreterare", "item", item, w.Police);
        var consent = Assert.Single(form.Grounds, g => g.Key == "CONSENT");
        Assert.Contains(consent.Consents, c => c.Ids.Order().SequenceEqual(new[] { youth, mothers }.Order()));
        Assert.Empty(form.MissingConsentFrom);
        var share = await DiscloseAsync(w, item, [youth, mothers]);
        Assert.Contains(item, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));

        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<ConsentWrites>(scope).WithdrawAsync(await w.As("socialsekreterare"), mothers, new WithdrawConsentCommand("Mamman återkallade."), Ct);

        Assert.DoesNotContain(item, (await w.ReadAsync("kommunpolis")).Items.Select(i => i.Id));
        await using var db = host.NewDbContext();
        var ended = await db.Disclosures.SingleAsync(d => d.Id == share);
        Assert.NotNull(ended.EndedAt);
        Assert.Equal("samtycke återkallat", ended.EndReason);
        // The share rests on both consents; its single ConsentId is the youth's, so only the link table ties it to the mother's.
        Assert.Equal(new[] { youth, mothers }.Order(), (await db.DisclosureConsents.Where(x => x.DisclosureId == share).Select(x => x.ConsentId).ToListAsync()).Order());
        Assert.Equal(youth, ended.ConsentId);
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "consent.withdraw");
        Assert.Contains(share.ToString(), entry.ItemIds, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherPersonOfTheCase_ConsentsOnlyAsAnAdultThemself()
    {
        var w = await SharingWorld.CreateAsync(host);
        await AddItemAboutYouthAndMotherAsync(w);
        var mother = Assert.Single((await ConsentsAsync(w)).Persons, p => !p.IsCaseSubject);

        // The guardians are the youth's; they cannot consent for the mother, and she must consent herself.
        var e = await Assert.ThrowsAsync<InvalidCommandException>(() =>
            w.RecordConsentAsync(MothersConsent(w, mother.Id) with { ConsentingGuardianIds = [w.GuardianA] }));
        Assert.Contains("vårdnadshavare", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidCommandException>(() => w.RecordConsentAsync(MothersConsent(w, mother.Id) with { GivenBySubject = false }));
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Consents.CountAsync());
    }

    private static RecordConsentCommand MothersConsent(SharingWorld w, Guid mother) =>
        new(mother, [w.Social], [w.Police], ["S1"], SharingWorld.Today.AddDays(-1), SharingWorld.Today.AddMonths(6), true, [], null, null,
            ConsentForms.Written, true, true);

    private async Task<Guid> AddItemAboutYouthAndMotherAsync(SharingWorld w)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<ItemWrites>(scope).AddItemAsync(await w.As("socialsekreterare"), w.Case.CaseId,
            new AddItemCommand("S1", "Hemsituationen", "Fiktiv text om ungdomen och mamman.",
                NewSubject: new NewPersonCommand(SharingWorld.PersonalNumber(new DateOnly(1980, 3, 14)), MotherName)), Ct);
    }

    private async Task<CaseConsents> ConsentsAsync(SharingWorld w)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<ConsentReads>(scope).ForCaseAsync(await w.As("socialsekreterare"), w.Case.CaseId, Ct);
    }

    private async Task<Guid> DiscloseAsync(SharingWorld w, Guid item, IReadOnlyList<Guid> consents)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<DisclosureWrites>(scope).DiscloseAsync(await w.As("socialsekreterare"), ResourceTypes.Item, item,
            new DiscloseCommand(w.Police, "CONSENT", consents, new Dictionary<string, string>(), "Bedömning i det enskilda fallet.",
                DisclosureInitiatives.OwnInitiative, DisclosureChannels.System, false, null, Guid.NewGuid()), Ct);
    }
}
