using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Cases;

/// <summary>
/// The persona × operation matrix on real PostgreSQL with the real policies: for every gateway
/// operation, exactly the personas listed may; every other persona and an anonymous caller get
/// nothing, the data is unchanged, and the attempt is a deny entry in the audit log.
/// </summary>
public sealed class OperationMatrixTests(CoreHost host) : IClassFixture<CoreHost>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var operation in Allowed.Keys)
            foreach (var persona in CaseWorld.Everyone)
                data.Add(operation, persona);
        return data;
    }

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["case.read"] = ["socialsekreterare", "kommunpolis", "avhopparsamordnare", "sspf-samordnare"],
        ["item.create"] = ["socialsekreterare", "kommunpolis", "avhopparsamordnare"],
        ["item.update"] = ["socialsekreterare"],
        ["item.edit-view"] = ["socialsekreterare"],
        ["actionplan.create"] = ["socialsekreterare", "kommunpolis", "avhopparsamordnare", "sspf-samordnare"],
        ["actionplan.update"] = ["socialsekreterare", "sspf-samordnare"],
        ["case.close"] = ["socialsekreterare", "sspf-samordnare"],
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Operation_Persona_OnlyTheAllowedMayAndEveryDenialIsAudited(string operation, string persona)
    {
        await host.ResetAsync();
        var world = await CaseWorld.CreateAsync(host);
        var context = await CaseWorld.ContextOfAsync(host, persona);
        long before;
        await using (var db = host.NewDbContext()) before = await db.AuditEntries.CountAsync();

        await using var scope = host.Services.CreateAsyncScope();
        var act = Operation(scope, operation, persona, context, world);
        var expectedAuditAction = operation == "item.edit-view" ? "item.read" : operation;

        if (Allowed[operation].Contains(persona))
        {
            await act();
            await using var db = host.NewDbContext();
            Assert.Equal("permit", (await db.AuditEntries.Where(e => e.Sequence > before).OrderBy(e => e.Sequence).LastAsync()).Decision);
        }
        else
        {
            await Assert.ThrowsAsync<AccessDeniedException>(act);
            await using var db = host.NewDbContext();
            var entries = await db.AuditEntries.Where(e => e.Sequence > before).ToListAsync();
            var denial = Assert.Single(entries);
            Assert.Equal("deny", denial.Decision);
            Assert.Equal(context.UserId, denial.ActorUserId);
            Assert.Equal(world.CaseId, denial.CaseId);
            Assert.StartsWith(expectedAuditAction.Split('.')[0], denial.Action, StringComparison.Ordinal);
            Assert.Equal("", denial.ItemIds);
            // Nothing changed.
            Assert.Equal(2, await db.InformationItems.CountAsync());
            Assert.Equal(2, await db.ActionPlanEntries.CountAsync());
            Assert.Equal(CaseStatuses.Open, await db.Cases.Select(c => c.Status).SingleAsync());
            Assert.Equal("Utredning", await Decrypt(world.SocialItemId));
        }
    }

    private async Task<string> Decrypt(Guid itemId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var social = await host.AsAsync("socialsekreterare");
        return (await CoreHost.Get<CaseReads>(scope).GetItemForEditAsync(social, itemId, Ct)).Title;
    }

    /// <summary>A category the persona's own authority owns, so a permitted create is a valid one.</summary>
    private static string CategoryOf(string persona) => persona switch
    {
        "kommunpolis" or "avhopparsamordnare" => "P1",
        "skolkurator" or "rektor" => "K1",
        "fritidsledare" => "F1",
        _ => "S1",
    };

    private static Func<Task> Operation(AsyncServiceScope scope, string operation, string persona, ProcessContext context, CaseWorld w) => operation switch
    {
        "case.read" => () => CoreHost.Get<CaseReads>(scope).GetCaseAsync(context, w.CaseId, Ct),
        "item.create" => () => CoreHost.Get<ItemWrites>(scope).AddItemAsync(context, w.CaseId,
            new AddItemCommand(CategoryOf(persona), "Ny", "Ny text"), Ct),
        "item.update" => () => CoreHost.Get<ItemWrites>(scope).UpdateItemAsync(context, w.SocialItemId,
            new UpdateItemCommand("Ändrad", "Ändrad text", null, w.SocialItemStamp), Ct),
        "item.edit-view" => () => CoreHost.Get<CaseReads>(scope).GetItemForEditAsync(context, w.SocialItemId, Ct),
        "actionplan.create" => () => CoreHost.Get<ActionPlanWrites>(scope).AddEntryAsync(context, w.CaseId,
            new AddActionPlanEntryCommand("Nytt åtagande", "Någon", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3)), Ct),
        "actionplan.update" => () => CoreHost.Get<ActionPlanWrites>(scope).UpdateStatusAsync(context, w.SocialPlanEntryId,
            new UpdateActionPlanStatusCommand(ActionPlanStatuses.Done, w.SocialPlanStamp), Ct),
        "case.close" => () => CoreHost.Get<CaseWrites>(scope).CloseAsync(context, w.CaseId, Ct),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}
