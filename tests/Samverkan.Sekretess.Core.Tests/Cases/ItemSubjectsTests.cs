using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Cases;

/// <summary>Items name every person their data is about (issue 17, point 5): the case's person, persons of the case, and persons added on the form.</summary>
public sealed class ItemSubjectsTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AnItem_NamesTheCasesPersonAndTheOnesAdded_AndTheOwnerSeesThemAndCanNameThemAgain()
    {
        var w = await SharingWorld.CreateAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var items = CoreHost.Get<ItemWrites>(scope);
        var social = await w.As("socialsekreterare");
        var mother = SharingWorld.PersonalNumber(new DateOnly(1985, 3, 4));
        var first = await items.AddItemAsync(social, w.Case.CaseId, new AddItemCommand("S1", "Samtal med mamman", "Text", NewSubject: new NewPersonCommand(mother, "Maja Testsson")), Ct);

        var seen = await w.ReadAsync("socialsekreterare");
        Assert.Equal(["Maja Testsson", "Testa Testsson"], Assert.Single(seen.Items, i => i.Id == first).Subjects.Order(StringComparer.Ordinal));
        var maja = Assert.Single(seen.Persons, p => !p.IsCaseSubject);
        var second = await items.AddItemAsync(social, w.Case.CaseId, new AddItemCommand("S1", "Uppföljning", "Text", OtherSubjectIds: [maja.Id]), Ct);

        await using var db = host.NewDbContext();
        var subjects = await db.ItemSubjects.Where(s => s.ItemId == first || s.ItemId == second).ToListAsync();
        Assert.Equal(4, subjects.Count);
        Assert.Equal(2, subjects.Select(s => s.PersonId).Distinct().Count());
        // A recipient never learns whom the owner's item names beyond what a disclosure listed; the police see no names here.
        Assert.DoesNotContain((await w.ReadAsync("kommunpolis")).Persons, p => p.Id == maja.Id);
    }

    [Fact]
    public async Task AnItem_NamingSomeoneWhoIsNoPersonOfTheCase_Is404AndAudited()
    {
        var w = await SharingWorld.CreateAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        long before;
        await using (var db = host.NewDbContext()) before = await db.AuditEntries.MaxAsync(e => e.Sequence);

        await Assert.ThrowsAsync<AccessDeniedException>(async () => await CoreHost.Get<ItemWrites>(scope).AddItemAsync(await w.As("socialsekreterare"),
            w.Case.CaseId, new AddItemCommand("S1", "Rubrik", "Text", OtherSubjectIds: [Guid.NewGuid()]), Ct));

        await using var check = host.NewDbContext();
        Assert.Equal("deny", (await check.AuditEntries.SingleAsync(e => e.Sequence > before)).Decision);
        Assert.Equal(2, await check.InformationItems.CountAsync());
    }
}
