using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Access;

/// <summary>The one door on real PostgreSQL: permit → data + entry; deny → nothing + entry.</summary>
public sealed class AccessGatewayTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<Guid> OpenSigCaseWithItemAsync()
    {
        var social = await host.AsAsync("socialsekreterare");
        await using var scope = host.Services.CreateAsyncScope();
        var writes = CoreHost.Get<CaseWrites>(scope);
        var itemWrites = CoreHost.Get<ItemWrites>(scope);
        var caseId = await writes.OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sig, "20100505-9801", "Testa Testsson"), Ct);
        await itemWrites.AddItemAsync(social, caseId, new AddItemCommand("S1", "Utredning", "Fiktiv text"), Ct);
        return caseId;
    }

    [Fact]
    public async Task GetCase_SocialWorkerOfLeadAuthority_ReturnsItemsAndAuditsTheRead()
    {
        var caseId = await OpenSigCaseWithItemAsync();
        var social = await host.AsAsync("socialsekreterare");

        await using var scope = host.Services.CreateAsyncScope();
        var details = await CoreHost.Get<CaseReads>(scope).GetCaseAsync(social, caseId, Ct);

        Assert.Equal("Testa Testsson", details.SubjectName);
        var item = Assert.Single(details.Items);
        Assert.Equal("Fiktiv text", item.Text);
        await using var db = host.NewDbContext();
        var read = await db.AuditEntries.SingleAsync(e => e.Action == "case.read");
        Assert.Equal("permit", read.Decision);
        Assert.Equal(caseId, read.CaseId);
        Assert.Equal(social.UserId, read.ActorUserId);
        Assert.Equal(item.Id.ToString(), read.ItemIds);
        Assert.Contains("CASE-R-001", read.RuleIds, StringComparison.Ordinal);
        Assert.StartsWith("sha256:", read.PolicyVersion, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kommunpolis")]
    [InlineData("avhopparsamordnare")]
    [InlineData("skolkurator")]
    [InlineData("rektor")]
    [InlineData("fritidsledare")]
    [InlineData("dataskyddsombud")]
    [InlineData("systemforvaltare")]
    public async Task GetCase_EveryoneOutsideTheCase_GetsNothingAndTheDenialIsAudited(string persona)
    {
        var caseId = await OpenSigCaseWithItemAsync();
        var other = await host.AsAsync(persona);

        await using var scope = host.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<CaseReads>(scope).GetCaseAsync(other, caseId, Ct));
        var list = await CoreHost.Get<CaseReads>(scope).ListMyCasesAsync(other, Ct).ContinueWith(t => t.IsFaulted ? [] : t.Result, Ct);
        Assert.DoesNotContain(list, c => c.Id == caseId);

        await using var db = host.NewDbContext();
        var denial = await db.AuditEntries.SingleAsync(e => e.Action == "case.read" && e.ActorUserId == other.UserId);
        Assert.Equal("deny", denial.Decision);
        Assert.Equal(caseId, denial.CaseId);
        Assert.Equal("", denial.ItemIds);
    }

    [Fact]
    public async Task GetCase_Anonymous_GetsNothingAndTheDenialIsAudited()
    {
        var caseId = await OpenSigCaseWithItemAsync();

        await using var scope = host.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<CaseReads>(scope).GetCaseAsync(new ProcessContext(null), caseId, Ct));

        await using var db = host.NewDbContext();
        var denial = await db.AuditEntries.SingleAsync(e => e.Action == "case.read");
        Assert.Equal("deny", denial.Decision);
        Assert.Null(denial.ActorUserId);
    }

    [Fact]
    public async Task GetCase_UnknownId_LooksLikeADenialAndIsAudited()
    {
        var social = await host.AsAsync("socialsekreterare");
        var unknown = Guid.NewGuid();

        await using var scope = host.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<CaseReads>(scope).GetCaseAsync(social, unknown, Ct));

        await using var db = host.NewDbContext();
        Assert.Equal("deny", (await db.AuditEntries.SingleAsync(e => e.CaseId == unknown)).Decision);
    }

    [Theory]
    [InlineData("kommunpolis")]
    [InlineData("skolkurator")]
    [InlineData("fritidsledare")]
    [InlineData("dataskyddsombud")]
    public async Task AddItem_AuthorityNotInTheCase_IsDeniedWritesNothingAndIsAudited(string persona)
    {
        var caseId = await OpenSigCaseWithItemAsync();
        var other = await host.AsAsync(persona);

        await using var scope = host.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            CoreHost.Get<ItemWrites>(scope).AddItemAsync(other, caseId, new AddItemCommand("P1", "Försök", "Ska inte sparas"), Ct));

        await using var db = host.NewDbContext();
        Assert.Equal(1, await db.InformationItems.CountAsync(i => i.CaseId == caseId));
        Assert.Equal("deny", (await db.AuditEntries.SingleAsync(e => e.Action == "item.create" && e.ActorUserId == other.UserId)).Decision);
    }

    [Theory]
    [InlineData("kommunpolis")]
    [InlineData("skolkurator")]
    [InlineData("dataskyddsombud")]
    [InlineData("systemforvaltare")]
    public async Task OpenCase_NotASocialWorker_IsDeniedAndAudited(string persona)
    {
        var other = await host.AsAsync(persona);

        await using var scope = host.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            CoreHost.Get<CaseWrites>(scope).OpenCaseAsync(other, new OpenCaseCommand(CaseTypes.Sig, "20100505-9801", "Testa Testsson"), Ct));

        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Cases.CountAsync());
        Assert.Equal(0, await db.Persons.CountAsync());
        Assert.Equal("deny", (await db.AuditEntries.SingleAsync(e => e.Action == "case.create")).Decision);
    }

    [Fact]
    public async Task OpenCase_InvalidPersonalNumber_IsRejectedWithSwedishMessageAndNothingStored()
    {
        var social = await host.AsAsync("socialsekreterare");

        await using var scope = host.Services.CreateAsyncScope();
        var e = await Assert.ThrowsAsync<InvalidCommandException>(() =>
            CoreHost.Get<CaseWrites>(scope).OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sig, "20100505-9802", "Testa Testsson"), Ct));

        Assert.Equal("Kontrollsiffran stämmer inte.", e.Message);
        Assert.DoesNotContain("9802", e.Message, StringComparison.Ordinal);
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task OpenCase_PersonalNumberAndNameAreEncryptedAtRestAndFoundByBlindIndex()
    {
        var first = await OpenSigCaseWithItemAsync();
        var social = await host.AsAsync("socialsekreterare");
        await using var scope = host.Services.CreateAsyncScope();
        var second = await CoreHost.Get<CaseWrites>(scope).OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sspf, "201005059801", "Annat Namn"), Ct);

        await using var db = host.NewDbContext();
        var person = await db.Persons.SingleAsync();
        Assert.DoesNotContain("9801", person.PersonalNumberCipher, StringComparison.Ordinal);
        Assert.DoesNotContain("Testa", person.NameCipher, StringComparison.Ordinal);
        var cases = await db.Cases.Where(c => c.Id == first || c.Id == second).Select(c => c.SubjectPersonId).Distinct().ToListAsync();
        Assert.Equal([person.Id], cases);
    }

    [Fact]
    public async Task GetCase_AuditWriteFails_NoDataIsReturned()
    {
        var caseId = await OpenSigCaseWithItemAsync();
        var social = await host.AsAsync("socialsekreterare");
        await using (var db = host.NewDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("""
                CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_audit BEFORE INSERT ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION refuse_audit();
                """);
        }

        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            CaseDetails? details = null;
            await Assert.ThrowsAnyAsync<Exception>(async () => details = await CoreHost.Get<CaseReads>(scope).GetCaseAsync(social, caseId, Ct));
            Assert.Null(details);
        }
        finally
        {
            await using var db = host.NewDbContext();
            await db.Database.ExecuteSqlRawAsync("""DROP TRIGGER refuse_audit ON "AuditEntries"; DROP FUNCTION refuse_audit();""");
        }
    }

    [Fact]
    public async Task ReadGrant_DecidesAndReadsFromOneSnapshot()
    {
        var caseId = await OpenSigCaseWithItemAsync();
        var social = await host.AsAsync("socialsekreterare");
        await using var reader = host.Services.CreateAsyncScope();
        var db = CoreHost.Get<SekretessDbContext>(reader);
        await using var grant = await CoreHost.Get<AccessGateway>(reader).AuthorizeAsync(AccessRequest.Read(social, Actions.CaseRead, new AccessTarget.Case(caseId)), Ct);
        var (seen, again) = await grant.ReadAsync(async () =>
        {
            var first = await db.InformationItems.CountAsync(i => i.CaseId == caseId, Ct);
            // Another session commits a change between the PIP's query and the data query.
            await using (var writer = host.Services.CreateAsyncScope())
                await CoreHost.Get<ItemWrites>(writer).AddItemAsync(social, caseId, new AddItemCommand("S1", "Tillägg", "Fiktiv text"), Ct);
            return (first, await db.InformationItems.CountAsync(i => i.CaseId == caseId, Ct));
        }, Ct);

        Assert.Equal(seen, again);
        Assert.Equal(seen + 1, await db.InformationItems.CountAsync(i => i.CaseId == caseId, Ct));
    }

    [Fact]
    public async Task ReadGrant_WritesOneDurablePermitEntryNamingWhatWasTouched_BeforeReturning()
    {
        var caseId = await OpenSigCaseWithItemAsync();
        var social = await host.AsAsync("socialsekreterare");
        var touched = new[] { Guid.NewGuid(), Guid.NewGuid() };
        long before;
        await using (var db = host.NewDbContext()) before = await db.AuditEntries.MaxAsync(e => e.Sequence);
        await using var scope = host.Services.CreateAsyncScope();
        await using var grant = await CoreHost.Get<AccessGateway>(scope).AuthorizeAsync(AccessRequest.Read(social, Actions.CaseRead, new AccessTarget.Case(caseId)), Ct);

        var entriesSeenInsideTheWork = await grant.ReadAsync(async () =>
        {
            grant.Touch(touched);
            await using var db = host.NewDbContext();
            return await db.AuditEntries.CountAsync(e => e.Sequence > before);
        }, Ct);

        Assert.Equal(0, entriesSeenInsideTheWork);
        await using var check = host.NewDbContext();
        var entry = await check.AuditEntries.SingleAsync(e => e.Sequence > before);
        Assert.Equal(("case.read", "permit", caseId, string.Join(',', touched)), (entry.Action, entry.Decision, entry.CaseId!.Value, entry.ItemIds));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grant.ReadAsync(() => Task.FromResult(1), Ct));
    }
}
