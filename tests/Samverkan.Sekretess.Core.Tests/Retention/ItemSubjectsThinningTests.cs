using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Retention;

namespace Samverkan.Sekretess.Core.Tests.Retention;

/// <summary>
/// Gallring follows the persons an item is about (issue 17, point 5): a person named in someone else's case keeps name
/// and personnummer until that item is gone; a thinned item takes its persons' rows and every disclosed copy of its
/// content with it; a consent a remaining disclosure rests on (through DisclosureConsents) is stripped, not removed.
/// </summary>
public sealed class ItemSubjectsThinningTests(RetentionHost host) : IClassFixture<RetentionHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset Later = new(2027, 2, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly string Mother = RetentionCase.Number(new DateOnly(1981, 4, 12), serial: 984);
    private static readonly string Son = RetentionCase.Number(new DateOnly(2008, 6, 12));

    public async ValueTask InitializeAsync() => await host.ResetAsync();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<int> ProposeApproveAndExecuteAsync(Func<Task>? beforeExecute = null)
    {
        await using (var scope = host.Services.CreateAsyncScope()) await RetentionHost.Get<ThinningRuns>(scope).ProposeAsync(Ct);
        await using (var db = host.NewDbContext())
        {
            var runs = await (from r in db.ThinningRuns join a in db.Authorities on r.AuthorityId equals a.Id
                              where r.Status == ThinningRunStatuses.Proposed select new { r.Id, a.Code }).ToListAsync();
            foreach (var run in runs)
            {
                await using var scope = host.Services.CreateAsyncScope();
                var persona = run.Code == "soc-kristianstad" ? "arkivarie" : "arkivarie-" + run.Code;
                Assert.True((await RetentionHost.Get<RetentionReview>(scope).DecideAsync(await host.AsAsync(persona, Purposes.Archive), run.Id, true, null, Ct)).Succeeded);
            }
        }

        if (beforeExecute is not null) await beforeExecute();
        await using (var scope = host.Services.CreateAsyncScope()) return await RetentionHost.Get<ThinningRuns>(scope).ExecuteApprovedAsync(Ct);
    }

    private async Task<Guid> AddItemNamingAsync(Guid caseId, string personalNumber, string name)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await RetentionHost.Get<ItemWrites>(scope).AddItemAsync(await host.AsAsync("socialsekreterare"), caseId,
            new AddItemCommand("S1", "Hemmiljön", "Fiktiv text om mamman", NewSubject: new NewPersonCommand(personalNumber, name)), Ct);
    }

    private async Task<bool> IsThinnedAsync(Guid personId)
    {
        await using var db = host.NewDbContext();
        return (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == personId)).PersonalNumberIndex.StartsWith(PersonThinning.IndexPrefix, StringComparison.Ordinal);
    }

    /// <summary>The disclosure's own list row stays pending: its register record is kept while the record it disclosed is thinned.</summary>
    private async Task KeepOnTheListAsync(Guid disclosureId)
    {
        await using var db = host.NewDbContext();
        Assert.Equal(1, await db.ThinningCandidates.Where(c => c.ResourceId == disclosureId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CandidateStates.Held)));
    }

    [Fact]
    public async Task APersonNamedInAnItemOfAnotherPersonsCase_KeepsNameAndPersonnummer_UntilThatItemIsThinnedToo()
    {
        var own = await RetentionCase.CreateAsync(host, Mother); // the mother's own (closed) case
        var son = await RetentionCase.CreateAsync(host, Son, close: false);
        var named = await AddItemNamingAsync(son.CaseId, Mother, "Testa Testsson");
        await using (var db = host.NewDbContext())
            Assert.True(await db.ItemSubjects.AnyAsync(s => s.ItemId == named && s.PersonId == own.PersonId));
        host.Clock.Now = Later;

        Assert.Equal(3, await ProposeApproveAndExecuteAsync()); // her own case's records; the son's case is open

        Assert.False(await IsThinnedAsync(own.PersonId)); // the item in the son's case still names her
        await using (var db = host.NewDbContext())
        {
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == "person.thin"));
            Assert.Equal(3, await db.ThinningTombstones.CountAsync());
        }

        // The son's case closes and its records are thinned in their time: the item goes, with the rows naming its persons, and so does her name.
        await using (var scope = host.Services.CreateAsyncScope())
            await RetentionHost.Get<CaseWrites>(scope).CloseAsync(await host.AsAsync("socialsekreterare"), son.CaseId, Ct);
        host.Clock.Now = Later.AddYears(6);
        await ProposeApproveAndExecuteAsync();

        await using (var db = host.NewDbContext())
        {
            Assert.False(await db.InformationItems.AnyAsync(i => i.Id == named));
            Assert.False(await db.ItemSubjects.AnyAsync(s => s.ItemId == named));
        }

        Assert.True(await IsThinnedAsync(own.PersonId));
        Assert.True(await IsThinnedAsync(son.PersonId));
    }

    [Fact]
    public async Task ThinningAnItem_RemovesItsPersons_AndTheDisclosedCopyOfItsContent_WhileTheDisclosureRecordStays()
    {
        var c = await RetentionCase.CreateAsync(host, Son, close: false);
        var named = await AddItemNamingAsync(c.CaseId, Mother, "Mamma Testsson");
        var disclosureId = Guid.NewGuid();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = RetentionHost.Get<Samverkan.Sekretess.Core.Data.SekretessDbContext>(scope);
            var fields = RetentionHost.Get<FieldProtector>(scope);
            db.Disclosures.Add(new Disclosure
            {
                Id = disclosureId, CaseId = c.CaseId, ResourceId = named, ResourceType = ResourceTypes.Item, Category = "S1",
                SenderAuthorityId = await host.AuthorityAsync("soc-kristianstad"), RecipientAuthorityId = await host.AuthorityAsync("polis-lpo-kristianstad"),
                Ground = "18a", Initiative = DisclosureInitiatives.OwnInitiative, Channel = DisclosureChannels.System,
                DecidedByUserId = await db.Users.Where(u => u.UserName == "socialsekreterare").Select(u => u.Id).SingleAsync(), DecidedAt = host.Clock.Now.UtcDateTime,
                ContentCipher = fields.Protect("{\"title\":\"Hemmiljön\",\"text\":\"Fiktiv text om mamman\"}"),
            });
            await db.SaveChangesAsync();
            await RetentionHost.Get<CaseWrites>(scope).CloseAsync(await host.AsAsync("socialsekreterare"), c.CaseId, Ct);
        }

        host.Clock.Now = Later;
        await ProposeApproveAndExecuteAsync(() => KeepOnTheListAsync(disclosureId));

        await using var check = host.NewDbContext();
        Assert.False(await check.InformationItems.AnyAsync(i => i.Id == named));
        Assert.False(await check.ItemSubjects.AnyAsync(s => s.ItemId == named));
        var disclosure = await check.Disclosures.SingleAsync(d => d.Id == disclosureId);
        Assert.Null(disclosure.ContentCipher); // the recipient's copy went with the record
        Assert.Equal(named, disclosure.ResourceId); // the register still says what was disclosed, to whom and why
    }

    [Fact]
    public async Task AConsentThatARemainingDisclosureRestsOn_ThroughDisclosureConsents_IsStrippedNotRemoved()
    {
        var c = await RetentionCase.CreateAsync(host, Son, close: false);
        var named = await AddItemNamingAsync(c.CaseId, Mother, "Mamma Testsson");
        var (sonConsent, motherConsent, disclosureId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = RetentionHost.Get<Samverkan.Sekretess.Core.Data.SekretessDbContext>(scope);
            var fields = RetentionHost.Get<FieldProtector>(scope);
            var social = await host.AuthorityAsync("soc-kristianstad");
            var police = await host.AuthorityAsync("polis-lpo-kristianstad");
            var worker = await db.Users.Where(u => u.UserName == "socialsekreterare").Select(u => u.Id).SingleAsync();
            var motherId = await db.ItemSubjects.Where(s => s.ItemId == named && s.PersonId != c.PersonId).Select(s => s.PersonId).SingleAsync();
            var now = host.Clock.Now.UtcDateTime;
            Consent ConsentOf(Guid id, Guid person) => new()
            {
                Id = id, CaseId = c.CaseId, SubjectPersonId = person, SenderAuthorityIds = [social], RecipientAuthorityIds = [police], Categories = ["S1"],
                Purpose = CaseTypes.Sig, ValidFrom = now.AddDays(-1), ValidTo = now.AddMonths(6), GivenBySubject = true, Form = ConsentForms.Written,
                InformedOfConsequences = true, InformedOfRightToWithdraw = true, RecordedByAuthorityId = social, RecordedByUserId = worker, RecordedAt = now,
                MaturityAssessmentCipher = fields.Protect("Fiktiv bedömning"),
            };
            db.Consents.AddRange(ConsentOf(sonConsent, c.PersonId), ConsentOf(motherConsent, motherId));
            // The item is about the son and his mother: the disclosure rests on a consent from each (the son's is its main one).
            db.Disclosures.Add(new Disclosure
            {
                Id = disclosureId, CaseId = c.CaseId, ResourceId = named, ResourceType = ResourceTypes.Item, Category = "S1", SenderAuthorityId = social,
                RecipientAuthorityId = police, Ground = "CONSENT", ConsentId = sonConsent, Initiative = DisclosureInitiatives.OwnInitiative,
                Channel = DisclosureChannels.System, DecidedByUserId = worker, DecidedAt = now,
            });
            db.DisclosureConsents.AddRange(new DisclosureConsent { DisclosureId = disclosureId, ConsentId = sonConsent },
                new DisclosureConsent { DisclosureId = disclosureId, ConsentId = motherConsent });
            await db.SaveChangesAsync();
            await RetentionHost.Get<CaseWrites>(scope).CloseAsync(await host.AsAsync("socialsekreterare"), c.CaseId, Ct);
        }

        host.Clock.Now = Later;
        await ProposeApproveAndExecuteAsync(() => KeepOnTheListAsync(disclosureId));

        await using var check = host.NewDbContext();
        Assert.True(await check.Disclosures.AnyAsync(d => d.Id == disclosureId));
        foreach (var id in new[] { sonConsent, motherConsent })
        {
            var consent = await check.Consents.SingleAsync(x => x.Id == id); // still there: the disclosure record rests on it
            Assert.Null(consent.MaturityAssessmentCipher);
            Assert.True(await check.ThinningTombstones.AnyAsync(t => t.ResourceId == id));
        }

        Assert.Equal(2, await check.DisclosureConsents.CountAsync(d => d.DisclosureId == disclosureId));
    }
}
