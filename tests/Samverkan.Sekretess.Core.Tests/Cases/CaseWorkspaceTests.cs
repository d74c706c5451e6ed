using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Cases;

/// <summary>What each party sees of one case, IDOR, concurrency, protected identity and the case lifecycle.</summary>
public sealed class CaseWorkspaceTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<CaseDetails> ReadAsAsync(string persona, Guid caseId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<CaseReads>(scope).GetCaseAsync(await host.AsAsync(persona), caseId, Ct);
    }

    [Fact]
    public async Task GetCase_EachParty_SeesOnlyItsOwnItemsAndPlanEntriesWithoutConsent()
    {
        var w = await CaseWorld.CreateAsync(host);

        var social = await ReadAsAsync("socialsekreterare", w.CaseId);
        var police = await ReadAsAsync("kommunpolis", w.CaseId);
        var coordinator = await ReadAsAsync("sspf-samordnare", w.CaseId);

        Assert.Equal([w.SocialItemId], social.Items.Select(i => i.Id));
        Assert.Equal([w.PoliceItemId], police.Items.Select(i => i.Id));
        Assert.Empty(coordinator.Items);
        Assert.Equal([w.SocialPlanEntryId], social.ActionPlan.Select(e => e.Id));
        Assert.Equal([w.PolicePlanEntryId], police.ActionPlan.Select(e => e.Id));
        // 26:1 and 18 kap.: not even the existence of the other party's strongly protected items is revealed.
        Assert.Equal(0, police.HiddenItemCount);
        Assert.Equal(0, social.HiddenItemCount);
        Assert.Contains(social.Items.Single().Why.Rules, r => r.RuleId == "ITEM-R-001" && r.Description.Length > 0);
    }

    [Fact]
    public async Task GetCase_WeaklyProtectedItemOfAnotherParty_IsCountedButNotShown()
    {
        var w = await CaseWorld.CreateAsync(host, "utb-kristianstad");
        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<ItemWrites>(scope).AddItemAsync(await host.AsAsync("skolkurator"), w.CaseId, new AddItemCommand("K1", "Frånvaro", "40 %"), Ct);

        var police = await ReadAsAsync("kommunpolis", w.CaseId);

        Assert.Equal(1, police.HiddenItemCount);
        Assert.DoesNotContain(police.Items, i => i.Title == "Frånvaro");
    }

    [Fact]
    public async Task GetCase_ProtectedIdentity_ContactDetailsAreRedactedForEveryone()
    {
        var w = await CaseWorld.CreateAsync(host);
        await using (var db = host.NewDbContext())
            await db.Persons.ExecuteUpdateAsync(p => p.SetProperty(x => x.SkyddadFolkbokforing, true));

        var social = await ReadAsAsync("socialsekreterare", w.CaseId);

        var item = social.Items.Single();
        Assert.True(item.ContactRedacted);
        Assert.Null(item.Contact);
        Assert.True(social.SubjectHasProtectedIdentity);
        Assert.Contains(item.Why.Rules, r => r.RuleId == "ITEM-R-003");
    }

    /// <summary>
    /// The edit form is a read too: with protected identity it must not show the contact details (ITEM-R-003), and saving the
    /// edit must not erase them because the form could not show them (issue 24: every read path enforces its obligations).
    /// </summary>
    [Fact]
    public async Task EditItem_ProtectedIdentity_HidesTheContactAndSavingKeepsIt()
    {
        var w = await CaseWorld.CreateAsync(host);
        await using (var db = host.NewDbContext())
            await db.Persons.ExecuteUpdateAsync(p => p.SetProperty(x => x.SkyddadFolkbokforing, true));
        var social = await host.AsAsync("socialsekreterare");
        await using var scope = host.Services.CreateAsyncScope();

        var form = await CoreHost.Get<CaseReads>(scope).GetItemForEditAsync(social, w.SocialItemId, Ct);
        Assert.Null(form.Contact);
        Assert.True(form.ContactHidden);
        await CoreHost.Get<ItemWrites>(scope).UpdateItemAsync(social, w.SocialItemId,
            new UpdateItemCommand("Ändrad", "Ändrad text", form.Contact, form.ConcurrencyStamp, KeepContact: form.ContactHidden), Ct);

        await using (var db = host.NewDbContext())
            Assert.NotNull(await db.InformationItems.Where(i => i.Id == w.SocialItemId).Select(i => i.ContactCipher).SingleAsync());
        await db2Check();

        async Task db2Check()
        {
            await using var db = host.NewDbContext();
            await db.Persons.ExecuteUpdateAsync(p => p.SetProperty(x => x.SkyddadFolkbokforing, false));
            var item = (await ReadAsAsync("socialsekreterare", w.CaseId)).Items.Single(i => i.Id == w.SocialItemId);
            Assert.Equal("Fiktivgatan 1", item.Contact);
        }
    }

    [Fact]
    public async Task GetCase_NoProtectedIdentity_ContactDetailsAreShownToTheOwner()
    {
        var w = await CaseWorld.CreateAsync(host);

        var item = (await ReadAsAsync("socialsekreterare", w.CaseId)).Items.Single();

        Assert.Equal("Fiktivgatan 1", item.Contact);
        Assert.False(item.ContactRedacted);
    }

    [Fact]
    public async Task Idor_RandomAndForeignIds_InEveryRoute_AreDeniedAndAudited()
    {
        var w = await CaseWorld.CreateAsync(host);
        var police = await host.AsAsync("kommunpolis");
        var random = Guid.NewGuid();
        await using var scope = host.Services.CreateAsyncScope();
        var attempts = new Func<Task>[]
        {
            () => CoreHost.Get<CaseReads>(scope).GetCaseAsync(police, random, Ct),
            () => CoreHost.Get<CaseReads>(scope).GetItemForEditAsync(police, random, Ct),
            () => CoreHost.Get<CaseReads>(scope).GetItemForEditAsync(police, w.SocialItemId, Ct),
            () => CoreHost.Get<ItemWrites>(scope).AddItemAsync(police, random, new AddItemCommand("P1", "x", "x"), Ct),
            () => CoreHost.Get<ItemWrites>(scope).UpdateItemAsync(police, random, new UpdateItemCommand("x", "x", null, Guid.Empty), Ct),
            () => CoreHost.Get<ItemWrites>(scope).UpdateItemAsync(police, w.SocialItemId, new UpdateItemCommand("x", "x", null, w.SocialItemStamp), Ct),
            () => CoreHost.Get<ActionPlanWrites>(scope).AddEntryAsync(police, random, new AddActionPlanEntryCommand("x", "x", DateOnly.FromDateTime(DateTime.UtcNow)), Ct),
            () => CoreHost.Get<ActionPlanWrites>(scope).UpdateStatusAsync(police, random, new UpdateActionPlanStatusCommand(ActionPlanStatuses.Done, Guid.Empty), Ct),
            () => CoreHost.Get<ActionPlanWrites>(scope).UpdateStatusAsync(police, w.SocialPlanEntryId, new UpdateActionPlanStatusCommand(ActionPlanStatuses.Done, w.SocialPlanStamp), Ct),
            () => CoreHost.Get<CaseWrites>(scope).CloseAsync(police, random, Ct),
            () => CoreHost.Get<CaseWrites>(scope).CloseAsync(police, w.CaseId, Ct),
            () => CoreHost.Get<CaseWrites>(scope).ReopenAsync(police, w.CaseId, Ct),
        };
        long before;
        await using (var db = host.NewDbContext()) before = await db.AuditEntries.CountAsync();

        foreach (var attempt in attempts) await Assert.ThrowsAsync<AccessDeniedException>(attempt);

        await using var check = host.NewDbContext();
        var denials = await check.AuditEntries.Where(e => e.Sequence > before).ToListAsync();
        Assert.Equal(attempts.Length, denials.Count);
        Assert.All(denials, d => Assert.Equal("deny", d.Decision));
        Assert.Equal("Utredning", (await ReadAsAsync("socialsekreterare", w.CaseId)).Items.Single().Title);
    }

    [Fact]
    public async Task UpdateItem_StaleVersion_IsRefusedAndNothingIsOverwritten()
    {
        var w = await CaseWorld.CreateAsync(host);
        var social = await host.AsAsync("socialsekreterare");
        await using var scope = host.Services.CreateAsyncScope();
        var items = CoreHost.Get<ItemWrites>(scope);
        await items.UpdateItemAsync(social, w.SocialItemId, new UpdateItemCommand("Först", "Första ändringen", null, w.SocialItemStamp), Ct);

        var e = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            items.UpdateItemAsync(social, w.SocialItemId, new UpdateItemCommand("Sen", "Andra ändringen", null, w.SocialItemStamp), Ct));

        Assert.Contains("Någon annan har ändrat", e.Message, StringComparison.Ordinal);
        Assert.Equal("Först", (await ReadAsAsync("socialsekreterare", w.CaseId)).Items.Single().Title);
    }

    [Fact]
    public async Task CloseCase_ThenWrites_AreDeniedUntilReopened()
    {
        var w = await CaseWorld.CreateAsync(host);
        var social = await host.AsAsync("socialsekreterare");
        await using var scope = host.Services.CreateAsyncScope();
        await CoreHost.Get<CaseWrites>(scope).CloseAsync(social, w.CaseId, Ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            CoreHost.Get<ItemWrites>(scope).AddItemAsync(social, w.CaseId, new AddItemCommand("S1", "Efter", "Efter avslut"), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            CoreHost.Get<ActionPlanWrites>(scope).AddEntryAsync(social, w.CaseId, new AddActionPlanEntryCommand("x", "x", DateOnly.FromDateTime(DateTime.UtcNow)), Ct));
        var closed = await ReadAsAsync("socialsekreterare", w.CaseId);
        Assert.Equal(CaseStatuses.Closed, closed.Status);
        Assert.True(closed.Caller.MayReopen);
        Assert.Empty(closed.Caller.CategoriesToAdd);

        await CoreHost.Get<CaseWrites>(scope).ReopenAsync(social, w.CaseId, Ct);
        await CoreHost.Get<ItemWrites>(scope).AddItemAsync(social, w.CaseId, new AddItemCommand("S1", "Efter", "Efter återöppning"), Ct);
        Assert.Equal(2, (await ReadAsAsync("socialsekreterare", w.CaseId)).Items.Count);
    }

    [Theory]
    [InlineData("", "text", "Ange en rubrik (högst 200 tecken).")]
    [InlineData("Rubrik", "", "Ange en text (högst 20000 tecken).")]
    [InlineData("Rubrik", "OVERSIZED", "Ange en text (högst 20000 tecken).")]
    public async Task AddItem_InvalidFields_GiveSwedishErrorsAndStoreNothing(string title, string text, string message)
    {
        var w = await CaseWorld.CreateAsync(host);
        var social = await host.AsAsync("socialsekreterare");
        await using var scope = host.Services.CreateAsyncScope();
        var e = await Assert.ThrowsAsync<InvalidCommandException>(() => CoreHost.Get<ItemWrites>(scope).AddItemAsync(
            social, w.CaseId, new AddItemCommand("S1", title, text == "OVERSIZED" ? new string('x', 20_001) : text), Ct));

        Assert.Equal(message, e.Message);
        await using var db = host.NewDbContext();
        Assert.Equal(2, await db.InformationItems.CountAsync());
    }

    [Fact]
    public async Task AddItem_CategoryOfAnotherAuthority_IsRefused()
    {
        var w = await CaseWorld.CreateAsync(host);
        var social = await host.AsAsync("socialsekreterare");
        await using var scope = host.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<InvalidCommandException>(() => CoreHost.Get<ItemWrites>(scope).AddItemAsync(
            social, w.CaseId, new AddItemCommand("P1", "Låtsas polis", "x"), Ct));
    }

    [Fact]
    public async Task ListMyCases_OnlyParticipatingAuthoritiesSeeTheCase()
    {
        var w = await CaseWorld.CreateAsync(host);

        foreach (var (persona, sees) in new[] { ("socialsekreterare", true), ("kommunpolis", true), ("skolkurator", false), ("fritidsledare", false), ("dataskyddsombud", false) })
        {
            await using var scope = host.Services.CreateAsyncScope();
            var list = await CoreHost.Get<CaseReads>(scope).ListMyCasesAsync(await host.AsAsync(persona), Ct);
            Assert.Equal(sees, list.Any(c => c.Id == w.CaseId));
        }
    }
}

/// <summary>Double submits: the same form twice creates one item; a foreign request id is refused.</summary>
public sealed class DoubleSubmitTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AddItem_SameRequestIdTwice_CreatesOneItem()
    {
        var w = await CaseWorld.CreateAsync(host);
        var social = await host.AsAsync("socialsekreterare");
        var requestId = Guid.NewGuid();
        await using var scope = host.Services.CreateAsyncScope();
        var items = CoreHost.Get<ItemWrites>(scope);

        var first = await items.AddItemAsync(social, w.CaseId, new AddItemCommand("S1", "En gång", "Text", null, requestId), Ct);
        var second = await items.AddItemAsync(social, w.CaseId, new AddItemCommand("S1", "En gång", "Text", null, requestId), Ct);

        Assert.Equal(first, second);
        await using var db = host.NewDbContext();
        Assert.Equal(3, await db.InformationItems.CountAsync());
    }

    /// <summary>
    /// Finding 1 of the one-door review: the form's request id used to become the new item's id. It is now only a
    /// double-submit token, scoped to (user, form): another authority's item id used as the token makes a new item with
    /// the server's id, answers exactly like a random token, and leaves the other item alone.
    /// </summary>
    [Fact]
    public async Task AddItem_RequestIdOfAnotherAuthoritysItem_NeverBecomesTheIdAndAnswersLikeARandomOne()
    {
        var w = await CaseWorld.CreateAsync(host);
        var police = await host.AsAsync("kommunpolis");
        await using var scope = host.Services.CreateAsyncScope();
        var items = CoreHost.Get<ItemWrites>(scope);

        var hijack = await items.AddItemAsync(police, w.CaseId, new AddItemCommand("P1", "Kapning", "x", null, w.SocialItemId), Ct);
        var random = await items.AddItemAsync(police, w.CaseId, new AddItemCommand("P1", "Kapning", "x", null, Guid.NewGuid()), Ct);

        Assert.NotEqual(w.SocialItemId, hijack);
        Assert.NotEqual(hijack, random);
        await using var db = host.NewDbContext();
        var social = await db.InformationItems.SingleAsync(i => i.Id == w.SocialItemId);
        Assert.Equal((w.CaseId, "S1"), (social.CaseId, social.Category));
        Assert.Equal(4, await db.InformationItems.CountAsync());
        // The two answers' entries differ only in their own new ids: the token is never in the log.
        var entries = await db.AuditEntries.Where(e => e.Action == "item.create" && e.ActorRole == "kommunpolis").OrderBy(e => e.Sequence).ToListAsync();
        Assert.True(entries.Count >= 2);
        Assert.All(entries, e => Assert.DoesNotContain(w.SocialItemId.ToString(), e.ItemIds + e.ResourceId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddPlanEntry_SameRequestIdTwice_CreatesOneEntry()
    {
        var w = await CaseWorld.CreateAsync(host);
        var social = await host.AsAsync("socialsekreterare");
        var requestId = Guid.NewGuid();
        var command = new AddActionPlanEntryCommand("Möte", "Någon", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2), requestId);
        await using var scope = host.Services.CreateAsyncScope();
        var plan = CoreHost.Get<ActionPlanWrites>(scope);

        await plan.AddEntryAsync(social, w.CaseId, command, Ct);
        await plan.AddEntryAsync(social, w.CaseId, command, Ct);

        await using var db = host.NewDbContext();
        Assert.Equal(3, await db.ActionPlanEntries.CountAsync());
    }
}

/// <summary>The declared purpose of access is recorded with every read.</summary>
public sealed class PurposeTests(CoreHost host) : IClassFixture<CoreHost>
{
    [Fact]
    public async Task GetCase_WithDeclaredPurpose_RecordsItInTheAuditEntry()
    {
        await host.ResetAsync();
        var w = await CaseWorld.CreateAsync(host);
        var social = await host.AsAsync("socialsekreterare", Samverkan.Sekretess.Core.Access.Purposes.Meeting);

        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<CaseReads>(scope).GetCaseAsync(social, w.CaseId, CancellationToken.None);

        await using var db = host.NewDbContext();
        var read = await db.AuditEntries.Where(e => e.Action == "case.read").OrderBy(e => e.Sequence).LastAsync();
        Assert.Equal("samverkansmote", read.Purpose);
    }
}
