using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Statistics;
using Samverkan.Sekretess.Core.Tests.Cases;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Agreement;

/// <summary>Who reaches the agreement's views: forum members (data), reporters of the parties; everyone else gets nothing, audited.</summary>
public sealed class AgreementAccessTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private Guid _agreement;

    public async ValueTask InitializeAsync()
    {
        await host.ResetAsync();
        _agreement = await AgreementWorld.SeedAsync(host);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static int Year => SwedishTime.Today(TimeProvider.System).Year;

    private Func<AsyncServiceScope, ProcessContext, Task>[] MemberReads() =>
    [
        (s, c) => CoreHost.Get<AgreementReads>(s).GetOverviewAsync(c, _agreement, Ct),
        (s, c) => CoreHost.Get<LagesbildReads>(s).GetWeekAsync(c, _agreement, SwedishTime.IsoWeekOf(SwedishTime.Today(TimeProvider.System)).Year,
            SwedishTime.IsoWeekOf(SwedishTime.Today(TimeProvider.System)).Week, Ct),
        (s, c) => CoreHost.Get<AgreementPlan>(s).GetAsync(c, _agreement, Ct),
        (s, c) => CoreHost.Get<StatisticsReads>(s).GetFollowUpAsync(c, _agreement, Year, Ct),
        (s, c) => CoreHost.Get<StatisticsReads>(s).ExportCsvAsync(c, _agreement, Year, FollowUpTables.CasesOpened, Ct),
    ];

    [Theory]
    [MemberData(nameof(MemberNames))]
    public async Task Reads_ForumMember_ArePermittedAndAudited(string persona)
    {
        var context = await CaseWorld.ContextOfAsync(host, persona);
        await using var scope = host.Services.CreateAsyncScope();
        long before;
        await using (var db = host.NewDbContext()) before = await db.AuditEntries.CountAsync();

        foreach (var read in MemberReads()) await read(scope, context);

        await using var check = host.NewDbContext();
        var entries = await check.AuditEntries.Where(e => e.Sequence > before).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["agreement.read", "lagesbild.read", "agreementplan.read", "stats.read", "stats.export"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("permit", e.Decision));
        Assert.All(entries, e => Assert.Null(e.CaseId));
    }

    [Theory]
    [MemberData(nameof(NonMemberNames))]
    public async Task Reads_NonMemberOrAnonymous_AreDeniedAndEachAttemptIsAudited(string persona)
    {
        var context = await CaseWorld.ContextOfAsync(host, persona);
        await using var scope = host.Services.CreateAsyncScope();
        long before;
        await using (var db = host.NewDbContext()) before = await db.AuditEntries.CountAsync();

        foreach (var read in MemberReads()) await Assert.ThrowsAsync<AccessDeniedException>(() => read(scope, context));
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<AgreementReads>(scope).GetOverviewAsync(context, Guid.NewGuid(), Ct));

        await using var check = host.NewDbContext();
        var entries = await check.AuditEntries.Where(e => e.Sequence > before).ToListAsync();
        Assert.Equal(MemberReads().Length + 1, entries.Count);
        Assert.All(entries, e => Assert.Equal("deny", e.Decision));
    }

    [Theory]
    [InlineData("skolkurator", true)]
    [InlineData("kommunpolis", true)]
    [InlineData("avhopparsamordnare", true)]
    [InlineData("dataskyddsombud", false)]
    [InlineData("systemforvaltare", false)]
    [InlineData("anonym", false)]
    public async Task FileReport_PartiesCaseworkersMay_DpoAdminAndAnonymousMayNot(string persona, bool permitted)
    {
        var context = await CaseWorld.ContextOfAsync(host, persona);
        await using var scope = host.Services.CreateAsyncScope();
        var command = new FileReportCommand("klotter", "centrum", SwedishTime.Today(TimeProvider.System), null, "skola", "Klotter på tunneln.");

        var file = () => CoreHost.Get<LagesbildWrites>(scope).FileReportAsync(context, _agreement, command, Ct);

        if (permitted) Assert.NotEqual(Guid.Empty, await file());
        else await Assert.ThrowsAsync<AccessDeniedException>(file);
        await using var check = host.NewDbContext();
        var last = await check.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal(("lagesbild.create", permitted ? "permit" : "deny"), (last.Action, last.Decision));
    }

    [Fact]
    public async Task Writes_OutsideTheirForum_AreDenied()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var rektor = await host.AsAsync("rektor");
        var fritid = await host.AsAsync("fritidsledare");
        var week = SwedishTime.IsoWeekOf(SwedishTime.Today(TimeProvider.System));
        Guid anyOwner;
        await using (var db = host.NewDbContext()) anyOwner = await db.Authorities.Select(a => a.Id).FirstAsync();

        // Rektor (Lokala Brå) is not in Lägesbildsgruppen; the leisure leader (Lägesbildsgruppen) does not edit the plan or add documents.
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<LagesbildWrites>(scope).RecordMeasureAsync(rektor, _agreement,
            new RecordMeasureCommand(week.Year, week.Week, null, "Åtgärd", anyOwner), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<AgreementPlan>(scope).AddActivityAsync(fritid, _agreement,
            new AddActivityCommand(AreaCodes.Sspf, "x", null, anyOwner, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), null, null), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => CoreHost.Get<AgreementWrites>(scope).AddDocumentAsync(fritid, _agreement,
            new AddDocumentCommand(DocumentKinds.Other, "x", "text", null, null), Ct));
    }

    [Theory]
    [InlineData("okand-tabell", 2026)]
    [InlineData("", 2026)]
    [InlineData(FollowUpTables.Consents, 1999)]
    public async Task ExportCsv_UnknownTableOrYear_IsDeniedLikeAnUnknownResource(string table, int year)
    {
        await using var scope = host.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<AccessDeniedException>(async () =>
            await CoreHost.Get<StatisticsReads>(scope).ExportCsvAsync(await host.AsAsync("kommunpolis"), _agreement, year, table, Ct));

        await using var check = host.NewDbContext();
        var last = await check.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal(("stats.export", "deny"), (last.Action, last.Decision));
    }

    public static TheoryData<string> MemberNames() => new(AgreementWorld.Members);

    public static TheoryData<string> NonMemberNames() => new(AgreementWorld.NonMembers);
}
