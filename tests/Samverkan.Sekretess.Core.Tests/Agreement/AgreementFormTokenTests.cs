using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Agreement;

/// <summary>
/// The agreement's forms send a double-submit token, never an id: the server makes every id. A token that happens to be (or
/// was crafted to be) the id of an existing record neither overwrites that record nor hands its id back.
/// </summary>
public sealed class AgreementFormTokenTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private Guid _agreement;

    public async ValueTask InitializeAsync()
    {
        await host.ResetAsync();
        _agreement = await AgreementWorld.SeedAsync(host);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AddDocument_TokenEqualToAnExistingDocumentsId_MakesANewDocumentAndLeavesTheOldOneAlone()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var writes = CoreHost.Get<AgreementWrites>(scope);
        var chair = await host.AsAsync("sspf-samordnare");
        AgreementDocument existing;
        await using (var db = host.NewDbContext()) existing = await db.AgreementDocuments.AsNoTracking().OrderBy(d => d.Title).FirstAsync();

        var id = await writes.AddDocumentAsync(chair, _agreement, new AddDocumentCommand(DocumentKinds.Other, "Ny rubrik", "Ny text", null, null, existing.Id), Ct);
        var again = await writes.AddDocumentAsync(chair, _agreement, new AddDocumentCommand(DocumentKinds.Other, "Ny rubrik", "Ny text", null, null, existing.Id), Ct);

        Assert.NotEqual(existing.Id, id);
        Assert.Equal(id, again); // the same user's doubled submit of the same form: one document
        await using var check = host.NewDbContext();
        var old = await check.AgreementDocuments.AsNoTracking().SingleAsync(d => d.Id == existing.Id);
        Assert.Equal((existing.Kind, existing.Title, existing.Text, existing.UploadedByUserId), (old.Kind, old.Title, old.Text, old.UploadedByUserId));
        var made = await check.AgreementDocuments.AsNoTracking().SingleAsync(d => d.Id == id);
        Assert.Equal(("Ny rubrik", "Ny text"), (made.Title, made.Text));
        Assert.Equal(1, await check.AgreementDocuments.CountAsync(d => d.Title == "Ny rubrik"));
        var entry = await check.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal(("agreement.document.create", "permit", id.ToString()), (entry.Action, entry.Decision, entry.ResourceId));
    }

    [Fact]
    public async Task RecordMeasure_TokenEqualToAnotherMeasuresIdOrAnotherUsersToken_NeverReturnsOrChangesThatMeasure()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var writes = CoreHost.Get<LagesbildWrites>(scope);
        var (year, week) = SwedishTime.IsoWeekOf(SwedishTime.Today(TimeProvider.System));
        var police = await host.AsAsync("kommunpolis", Purposes.Meeting);
        var leisure = await host.AsAsync("fritidsledare", Purposes.Meeting);
        Guid owner;
        await using (var db = host.NewDbContext()) owner = await db.Authorities.Where(a => a.Code == "polis-lpo-kristianstad").Select(a => a.Id).SingleAsync();
        var policeToken = Guid.NewGuid();
        var first = await writes.RecordMeasureAsync(police, _agreement, new RecordMeasureCommand(year, week, "vilan", "Riktad närvaro.", owner, policeToken), Ct);

        var byId = await writes.RecordMeasureAsync(leisure, _agreement, new RecordMeasureCommand(year, week, "centrum", "Fältare på plats.", owner, first), Ct);
        var byToken = await writes.RecordMeasureAsync(leisure, _agreement, new RecordMeasureCommand(year, week, "ahus", "Ökad belysning.", owner, policeToken), Ct);

        Assert.Equal(3, new[] { first, byId, byToken }.Distinct().Count());
        await using var check = host.NewDbContext();
        var original = await check.LagesbildMeasures.AsNoTracking().SingleAsync(m => m.Id == first);
        Assert.Equal(("vilan", await check.Users.Where(u => u.UserName == "kommunpolis").Select(u => u.Id).SingleAsync()),
            (original.DistrictCode, original.DecidedByUserId));
        var view = await CoreHost.Get<LagesbildReads>(scope).GetWeekAsync(police, _agreement, year, week, Ct);
        Assert.Equal("Riktad närvaro.", Assert.Single(view.Measures, m => m.Id == first).Text);
        Assert.Equal("Fältare på plats.", Assert.Single(view.Measures, m => m.Id == byId).Text);
        Assert.Equal("Ökad belysning.", Assert.Single(view.Measures, m => m.Id == byToken).Text);
    }

    [Fact]
    public async Task FileReport_DoubledSubmit_FilesOneReport()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var writes = CoreHost.Get<LagesbildWrites>(scope);
        var reporter = await host.AsAsync("skolkurator");
        var command = new FileReportCommand("klotter", "centrum", SwedishTime.Today(TimeProvider.System), null, "skola", "Klotter på tunneln.", Guid.NewGuid());

        var id = await writes.FileReportAsync(reporter, _agreement, command, Ct);
        var again = await writes.FileReportAsync(reporter, _agreement, command, Ct);

        Assert.Equal(id, again);
        Assert.NotEqual(command.RequestId, id);
        await using var check = host.NewDbContext();
        Assert.Equal(1, await check.SituationReports.CountAsync(r => r.Id == id));
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Action == "lagesbild.create" && e.ResourceId == id.ToString()));
    }
}
