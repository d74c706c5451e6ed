using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.BreakGlass;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Notifications;

namespace Samverkan.Sekretess.Core.Tests.BreakGlass;

/// <summary>
/// Issue 17, finding 4, on any provider: a case whose person has protected identity, with several items of social
/// services that hold contact details; the social services official breaks the glass and reads. Every item read under the
/// elevation owes a notice to its owner (here the reader's own authority, which the start did not tell) and to the DPO,
/// so one page load owes the same notice several times. Through the real services only; the database only for assertions.
/// </summary>
internal sealed class BreakGlassNoticeScenario(IServiceProvider services, Func<SekretessDbContext> newDb)
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    public const string Reader = "socialsekreterare";

    public Guid CaseId { get; private set; }

    public async Task<ProcessContext> AsAsync(string userName)
    {
        await using var scope = services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(userName)
            ?? throw new InvalidOperationException($"No demo user {userName}");
        return new ProcessContext(user.Id, Purposes.CaseWork, Mfa: true);
    }

    /// <summary>The case: social services lead, the police take part, three social services items with contact details, protected identity.</summary>
    public async Task CreateAsync()
    {
        var social = await AsAsync(Reader);
        Guid police;
        await using (var db = newDb()) police = await db.Authorities.Where(a => a.Code == "polis-lpo-kristianstad").Select(a => a.Id).SingleAsync();
        await using (var scope = services.CreateAsyncScope())
        {
            CaseId = await scope.ServiceProvider.GetRequiredService<CaseWrites>().OpenCaseAsync(social,
                new OpenCaseCommand(CaseTypes.Sig, "20100505-9801", "Skyddad Testsson", [police]), Ct);
            var items = scope.ServiceProvider.GetRequiredService<ItemWrites>();
            for (var i = 1; i <= 3; i++)
                await items.AddItemAsync(social, CaseId, new AddItemCommand("S1", $"Uppgift {i}", "Fiktiv text", $"Fiktivgatan {i}"), Ct);
        }

        await using var check = newDb();
        var person = await check.Cases.Where(c => c.Id == CaseId).Select(c => c.SubjectPersonId).SingleAsync();
        await check.Persons.Where(p => p.Id == person).ExecuteUpdateAsync(s => s.SetProperty(p => p.SkyddadFolkbokforing, true));
    }

    public async Task<Guid> StartAsync()
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BreakGlassService>().StartAsync(await AsAsync(Reader), CaseId,
            "Hot om våld i kväll; vi måste nå familjen.", acuteDanger: true, Ct);
    }

    public async Task StopAsync()
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<BreakGlassService>().StopAsync(await AsAsync(Reader), CaseId, Ct);
    }

    /// <summary>One page load of the case overview, in its own scope (as one HTTP request).</summary>
    public async Task<CaseDetails> ReadAsync()
    {
        var context = await AsAsync(Reader);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CaseReads>().GetCaseAsync(context, CaseId, Ct);
    }

    /// <summary>The notices of one session, per recipient (authority, user) and kind.</summary>
    public async Task<Dictionary<(Guid Authority, string? User, string Kind), int>> NoticesAsync(Guid session)
    {
        await using var db = newDb();
        return (await db.Notifications.AsNoTracking().Where(n => n.RelatedId == session).Select(n => new { n.RecipientAuthorityId, n.RecipientUserId, n.Kind }).ToListAsync())
            .GroupBy(n => (n.RecipientAuthorityId, n.RecipientUserId, n.Kind)).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Exactly one notice per recipient, including the one the reads owe to the reader's own authority and its DPO.</summary>
    public async Task AssertOneNoticePerRecipientAsync(Guid session)
    {
        var notices = await NoticesAsync(session);
        Assert.All(notices, n => Assert.Equal(1, n.Value));
        await using var db = newDb();
        var social = await db.Authorities.Where(a => a.Code == "soc-kristianstad").Select(a => a.Id).SingleAsync();
        var police = await db.Authorities.Where(a => a.Code == "polis-lpo-kristianstad").Select(a => a.Id).SingleAsync();
        var dpo = await db.Users.Where(u => u.UserName == "dataskyddsombud").Select(u => u.Id).SingleAsync();
        Assert.True(notices.ContainsKey((police, null, NotificationKinds.BreakGlass)), "the other party is told at start");
        Assert.True(notices.ContainsKey((social, null, NotificationKinds.BreakGlass)), "the owner of the items read is told by the read");
        Assert.True(notices.ContainsKey((social, dpo, NotificationKinds.ReviewTask)), "the reader's DPO gets the review task");
    }
}
