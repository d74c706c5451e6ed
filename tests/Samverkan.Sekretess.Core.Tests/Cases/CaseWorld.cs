using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Cases;

/// <summary>
/// A SIG case led by social services with the police taking part, built through the real services:
/// one S1 item and one plan entry by social services, one P1 item and one plan entry by the police.
/// </summary>
internal sealed record CaseWorld(Guid CaseId, Guid SocialItemId, Guid PoliceItemId, Guid SocialPlanEntryId, Guid PolicePlanEntryId, Guid SocialPlanStamp, Guid SocialItemStamp)
{
    public static readonly CancellationToken Ct = CancellationToken.None;

    public static async Task<CaseWorld> CreateAsync(CoreHost host, params string[] extraParticipantCodes)
    {
        var social = await host.AsAsync("socialsekreterare");
        var police = await host.AsAsync("kommunpolis");
        Guid policeAuthority;
        List<Guid> extra;
        await using (var db = host.NewDbContext())
        {
            policeAuthority = await db.Authorities.Where(a => a.Code == "polis-lpo-kristianstad").Select(a => a.Id).SingleAsync();
            extra = await db.Authorities.Where(a => extraParticipantCodes.Contains(a.Code)).Select(a => a.Id).ToListAsync();
        }

        await using var scope = host.Services.CreateAsyncScope();
        var caseId = await CoreHost.Get<CaseWrites>(scope).OpenCaseAsync(social,
            new OpenCaseCommand(CaseTypes.Sig, "20100505-9801", "Testa Testsson", [policeAuthority, .. extra]), Ct);
        var items = CoreHost.Get<ItemWrites>(scope);
        var plan = CoreHost.Get<ActionPlanWrites>(scope);
        var socialItem = await items.AddItemAsync(social, caseId, new AddItemCommand("S1", "Utredning", "Fiktiv text", "Fiktivgatan 1"), Ct);
        var policeItem = await items.AddItemAsync(police, caseId, new AddItemCommand("P1", "Förundersökning", "Fiktiv polistext"), Ct);
        var socialPlan = await plan.AddEntryAsync(social, caseId, new AddActionPlanEntryCommand("Boka nätverksmöte", "Socialsekreteraren", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7)), Ct);
        var policePlan = await plan.AddEntryAsync(police, caseId, new AddActionPlanEntryCommand("Orosamtal", "Kommunpolisen", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7)), Ct);
        await using var check = host.NewDbContext();
        var planStamp = await check.ActionPlanEntries.Where(e => e.Id == socialPlan).Select(e => e.ConcurrencyStamp).SingleAsync();
        var itemStamp = await check.InformationItems.Where(e => e.Id == socialItem).Select(e => e.ConcurrencyStamp).SingleAsync();
        return new CaseWorld(caseId, socialItem, policeItem, socialPlan, policePlan, planStamp, itemStamp);
    }

    /// <summary>Every demo persona plus an anonymous caller ("anonym").</summary>
    public static readonly string[] Everyone =
        ["socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare", "fritidsledare", "sspf-samordnare", "dataskyddsombud", "systemforvaltare", "anonym"];

    public static async Task<ProcessContext> ContextOfAsync(CoreHost host, string persona) =>
        persona == "anonym" ? new ProcessContext(null) : await host.AsAsync(persona);
}
