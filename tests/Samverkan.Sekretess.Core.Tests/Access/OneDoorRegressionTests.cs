using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Access;

/// <summary>
/// The attacks of issue 17's review ("the engine decides right on what it is told, the app around it can leak"), each
/// as the attacker ran it. Findings 3–5 have their own tests beside the services (consents, break-the-glass, administration).
/// </summary>
public sealed class OneDoorRegressionTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Finding 1: a skolkurator created a plan entry whose form request id was a social-services item's id, disclosed that
    /// "plan entry" to leisure on a consent, and the fritidsledare read the social-services S1 item. Now the id is the
    /// server's, so the entry is a new record, and what leisure reads is the plan entry only.
    /// </summary>
    [Fact]
    public async Task PlanEntryWithASocialItemsIdAsRequestId_DisclosedToLeisure_LeisureNeverSeesTheSocialItem()
    {
        var w = await SharingWorld.CreateAsync(host, "utb-kristianstad", "kof-kristianstad");
        var leisure = w.Authority("kof-kristianstad");
        await w.RecordConsentAsync(w.FullConsent(recipients: [leisure], categories: ["AP"], senders: [w.School]));
        Guid entry;
        await using (var scope = host.Services.CreateAsyncScope())
            entry = await CoreHost.Get<ActionPlanWrites>(scope).AddEntryAsync(await w.As("skolkurator"), w.Case.CaseId,
                new AddActionPlanEntryCommand("Läxhjälp två dagar i veckan", "Mentor", SharingWorld.Today.AddDays(14), RequestId: w.Case.SocialItemId), Ct);
        Assert.NotEqual(w.Case.SocialItemId, entry);

        var consent = (await w.ShareFormAsync("skolkurator", ResourceTypes.ActionPlan, entry, leisure)).Grounds.Single(g => g.Key == "CONSENT").Consents.Single();
        await w.DiscloseAsync("skolkurator", ResourceTypes.ActionPlan, entry, leisure, "CONSENT", consent.Ids.Single());

        var seen = await w.ReadAsync("fritidsledare");
        Assert.DoesNotContain(seen.Items, i => i.Id == w.Case.SocialItemId);
        Assert.Empty(seen.Items);
        Assert.Equal(entry, Assert.Single(seen.ActionPlan).Id);
    }

    /// <summary>
    /// Finding 1, the PIP's half: a share names (record type, id). A disclosure of an action-plan entry whose id happens to
    /// equal an item's id (as rows made before ids were the server's can) shares the plan entry, never the item.
    /// </summary>
    [Fact]
    public async Task AShareOfAPlanEntry_WithAnItemsId_DoesNotShareTheItem()
    {
        var w = await SharingWorld.CreateAsync(host, "kof-kristianstad");
        var leisure = w.Authority("kof-kristianstad");
        await using (var db = host.NewDbContext())
        {
            db.Disclosures.Add(new Disclosure
            {
                Id = Guid.NewGuid(), CaseId = w.Case.CaseId, ResourceId = w.Case.SocialItemId, ResourceType = ResourceTypes.ActionPlan, Category = "AP",
                SenderAuthorityId = w.Social, RecipientAuthorityId = leisure, Ground = "CONSENT", Initiative = DisclosureInitiatives.OwnInitiative,
                Channel = DisclosureChannels.System, DecidedByUserId = (await host.AsAsync("socialsekreterare")).UserId!, DecidedAt = DateTime.UtcNow,
                RecipientRegime = "test", PolicySetVersion = "test",
            });
            await db.SaveChangesAsync();
        }

        var seen = await w.ReadAsync("fritidsledare");
        Assert.DoesNotContain(seen.Items, i => i.Id == w.Case.SocialItemId);
    }

    /// <summary>
    /// Finding 2: the preview said contact and location details travel only if ticked; the box was left unticked; the
    /// police (after 18 a) and the school (after a consent) saw the address anyway. Ticked, they see it.
    /// </summary>
    [Theory]
    [InlineData("kommunpolis", "18a")]
    [InlineData("skolkurator", "CONSENT")]
    public async Task ContactDetails_ReachTheRecipientOnlyWhenTicked(string recipientPersona, string ground)
    {
        var w = await SharingWorld.CreateAsync(host, "utb-kristianstad");
        var recipient = recipientPersona == "kommunpolis" ? w.Police : w.School;
        Guid? consent = ground == "CONSENT" ? await w.RecordConsentAsync(w.FullConsent(recipients: [recipient])) : null;
        var answers = ground == "18a"
            ? new Dictionary<string, string> { ["disclosure.riskOfCriminalActivity"] = "true", ["disclosure.preventiveEffect"] = "true", ["disclosure.notInappropriateConsidered"] = "true" }
            : null;

        await w.DiscloseAsync("socialsekreterare", ResourceTypes.Item, w.Case.SocialItemId, recipient, ground, consent, answers, includeContact: false);
        var unticked = Assert.Single((await w.ReadAsync(recipientPersona)).Items, i => i.Id == w.Case.SocialItemId);
        Assert.Null(unticked.Contact);
        Assert.False(unticked.ContactRedacted);

        await w.DiscloseAsync("socialsekreterare", ResourceTypes.Item, w.Case.SocialItemId, recipient, ground, consent, answers, includeContact: true);
        Assert.Equal("Fiktivgatan 1", Assert.Single((await w.ReadAsync(recipientPersona)).Items, i => i.Id == w.Case.SocialItemId).Contact);
    }

    /// <summary>
    /// Finding 1, the oracle: adding an item with a hidden item's id as the request token answered differently from a
    /// random token and left no entry. Both now create an item with the server's id and leave one permit entry each.
    /// </summary>
    [Fact]
    public async Task AddItem_WithAHiddenItemsIdAsToken_AnswersAndAuditsLikeARandomToken()
    {
        var w = await SharingWorld.CreateAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var items = CoreHost.Get<ItemWrites>(scope);
        var police = await w.As("kommunpolis");
        long before;
        await using (var db = host.NewDbContext()) before = await db.AuditEntries.MaxAsync(e => e.Sequence);

        var hidden = await items.AddItemAsync(police, w.Case.CaseId, new AddItemCommand("P1", "A", "B", RequestId: w.Case.SocialItemId), Ct);
        var random = await items.AddItemAsync(police, w.Case.CaseId, new AddItemCommand("P1", "A", "B", RequestId: Guid.NewGuid()), Ct);

        await using var check = host.NewDbContext();
        var entries = await check.AuditEntries.Where(e => e.Sequence > before).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["permit", "permit"], entries.Select(e => e.Decision));
        Assert.Equal([hidden.ToString(), random.ToString()], entries.Select(e => e.ResourceId));
        Assert.Equal(entries[0].RuleIds, entries[1].RuleIds);
    }
}
