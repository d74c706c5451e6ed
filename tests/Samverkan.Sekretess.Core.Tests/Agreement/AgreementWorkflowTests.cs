using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Statistics;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using Samverkan.Sekretess.Core.Tests.Statistics;

namespace Samverkan.Sekretess.Core.Tests.Agreement;

/// <summary>The agreement end to end on PostgreSQL: seeded data, lägesbild reports and measures, the åtgärdsplan, documents, statistics.</summary>
public sealed class AgreementWorkflowTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static DateOnly Today => SwedishTime.Today(TimeProvider.System);
    private Guid _agreement;

    public async ValueTask InitializeAsync()
    {
        await host.ResetAsync();
        _agreement = await AgreementWorld.SeedAsync(host);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Overview_ShowsTheSeededAgreementShapedLikeARealOne()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var a = await CoreHost.Get<AgreementReads>(scope).GetOverviewAsync(await host.AsAsync("kommunpolis"), _agreement, Ct);

        Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2028, 12, 31)), (a.ValidFrom, a.ValidTo));
        Assert.Equal(2, a.Parties.Count);
        Assert.Equal(["lagesbildsgrupp", "lokala_bra", "styrgrupp"], a.Forums.Select(f => f.Kind).Order());
        Assert.Equal(7, a.Areas.Count);
        Assert.Contains(a.Documents, d => d.Kind == DocumentKinds.CitizenPromise);
        Assert.Equal(["lagesbildsgrupp", "lokala_bra", "styrgrupp"], a.Caller.Forums.Order());
        Assert.True(a.Caller.MayReadStatistics && a.Caller.MayRecordMeasure && a.Caller.MayEditPlan);
    }

    [Theory]
    [InlineData("Killen med personnummer 20100505-9801 klottrade", FreeTextScreener.PersonalNumberMessage)]
    [InlineData("Mohammed och Elin bråkade vid kiosken", FreeTextScreener.NameMessage)]
    public async Task FileReport_WithPersonalData_IsRefusedInSwedishAndNothingIsStored(string text, string message)
    {
        await using var scope = host.Services.CreateAsyncScope();

        var reporter = await host.AsAsync("skolkurator");
        var e = await Assert.ThrowsAsync<InvalidCommandException>(() => CoreHost.Get<LagesbildWrites>(scope).FileReportAsync(
            reporter, _agreement, new FileReportCommand("ordningsstorning", "ahus", Today, null, "skola", text), Ct));

        Assert.Equal(message, e.Message);
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.SituationReports.CountAsync(r => r.ReporterUserId == db.Users.Where(u => u.UserName == "skolkurator").Select(u => u.Id).First()
            && r.CreatedAt > DateTime.UtcNow.AddMinutes(-1)));
    }

    [Fact]
    public async Task FiledReport_AppearsInTheWeeklyPicture_AndAMeasureCanBeDecided()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var (year, week) = SwedishTime.IsoWeekOf(Today);
        var id = await CoreHost.Get<LagesbildWrites>(scope).FileReportAsync(await host.AsAsync("skolkurator"), _agreement,
            new FileReportCommand("narkotikahandel", "vilan", Today, new TimeOnly(21, 30), "skola", "Misstänkt försäljning vid parkeringen."), Ct);
        var police = await host.AsAsync("kommunpolis", Core.Access.Purposes.Meeting);
        Guid policeAuthority;
        await using (var db = host.NewDbContext()) policeAuthority = await db.Authorities.Where(a => a.Code == "polis-lpo-kristianstad").Select(a => a.Id).SingleAsync();
        await CoreHost.Get<LagesbildWrites>(scope).RecordMeasureAsync(police, _agreement, new RecordMeasureCommand(year, week, "vilan", "Riktad närvaro fredag kväll.", policeAuthority), Ct);

        var view = await CoreHost.Get<LagesbildReads>(scope).GetWeekAsync(police, _agreement, year, week, Ct);

        var report = Assert.Single(view.Reports, r => r.Id == id);
        Assert.Equal(("vilan", "Misstänkt försäljning vid parkeringen."), (report.DistrictCode, report.Description));
        Assert.Contains(view.Measures, m => m.Text == "Riktad närvaro fredag kväll." && m.DistrictCode == "vilan");
        // Every count passed suppression: nothing between 1 and 4 is shown as a number.
        Assert.All(view.Trend.Cells.SelectMany(r => r).Concat(view.ByType.Cells.SelectMany(r => r)),
            c => Assert.True(c.State != CellState.Shown || c.Value is 0 or >= 5));
        Assert.Equal(LagesbildReads.TrendWeeks, view.Trend.ColumnLabels.Count);
    }

    [Fact]
    public async Task Plan_SteeringGroupAddsAndLagesbildMemberCannotUpdate_StaleStampIsRefused()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var plan = CoreHost.Get<AgreementPlan>(scope);
        var coordinator = await host.AsAsync("sspf-samordnare");
        Guid leisure;
        await using (var db = host.NewDbContext()) leisure = await db.Authorities.Where(a => a.Code == "kof-kristianstad").Select(a => a.Id).SingleAsync();

        var id = await plan.AddActivityAsync(coordinator, _agreement, new AddActivityCommand(AreaCodes.PublicSpace, "Belysning i Vilan", null, leisure,
            new DateOnly(2026, 3, 1), new DateOnly(2026, 10, 31), "Antal åtgärdade ljuspunkter", "40"), Ct);
        var activity = (await plan.GetAsync(coordinator, _agreement, Ct)).Activities.Single(a => a.Id == id);
        await plan.UpdateActivityAsync(await host.AsAsync("kommunpolis"), id, new UpdateActivityCommand(ActivityStatuses.Ongoing, "12 av 40", activity.ConcurrencyStamp), Ct);

        var leisureLeader = await host.AsAsync("fritidsledare");
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => plan.UpdateActivityAsync(coordinator, id,
            new UpdateActivityCommand(ActivityStatuses.Done, "", activity.ConcurrencyStamp), Ct));
        await Assert.ThrowsAsync<Core.Access.AccessDeniedException>(() => plan.UpdateActivityAsync(leisureLeader, id,
            new UpdateActivityCommand(ActivityStatuses.Done, "", activity.ConcurrencyStamp), Ct));
        var after = (await plan.GetAsync(await host.AsAsync("fritidsledare"), _agreement, Ct)).Activities.Single(a => a.Id == id);
        Assert.Equal((ActivityStatuses.Ongoing, "12 av 40"), (after.Status, after.Outcome));
    }

    [Fact]
    public async Task Documents_PdfIsStoredAndDownloadable_OtherContentIsRefused()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var writes = CoreHost.Get<AgreementWrites>(scope);
        var chair = await host.AsAsync("sspf-samordnare");
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n% fiktiv\n%%EOF\n");

        var id = await writes.AddDocumentAsync(chair, _agreement, new AddDocumentCommand(DocumentKinds.Agreement, "Undertecknad överenskommelse", null, "../../etc/avtal.pdf", pdf), Ct);
        var refused = await Assert.ThrowsAsync<InvalidCommandException>(() => writes.AddDocumentAsync(chair, _agreement,
            new AddDocumentCommand(DocumentKinds.Agreement, "Fel", null, "avtal.pdf", Encoding.ASCII.GetBytes("<html>not a pdf</html>")), Ct));
        var tooBig = await Assert.ThrowsAsync<InvalidCommandException>(() => writes.AddDocumentAsync(chair, _agreement,
            new AddDocumentCommand(DocumentKinds.Agreement, "Stor", null, "stor.pdf", [.. pdf, .. new byte[AgreementWrites.MaxFileBytes]]), Ct));

        var file = await CoreHost.Get<AgreementReads>(scope).GetDocumentFileAsync(await host.AsAsync("fritidsledare"), id, Ct);
        Assert.Equal(("avtal.pdf", "application/pdf"), (file.FileName, file.ContentType));
        Assert.Equal(pdf, file.Content);
        Assert.Contains("PDF", refused.Message, StringComparison.Ordinal);
        Assert.Contains("för stor", tooBig.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Core.Access.AccessDeniedException>(async () =>
            await CoreHost.Get<AgreementReads>(scope).GetDocumentFileAsync(await host.AsAsync("skolkurator"), id, Ct));
    }

    [Fact]
    public async Task FollowUp_CountsCasesConsentsAndDisclosures_AndNoPublishedTableLetsACellBeRecovered()
    {
        var year = Today.Year;
        await OpenCasesAsync();
        await AddConsentsAndDisclosuresAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var stats = CoreHost.Get<StatisticsReads>(scope);
        var police = await host.AsAsync("kommunpolis");

        var report = await stats.GetFollowUpAsync(police, _agreement, year, Ct);

        Assert.Equal(5, report.Threshold);
        var opened = report.Table(FollowUpTables.CasesOpened);
        // What is shown is true (nine cases, seven SIG); what is small is not shown.
        if (opened.GrandTotal!.Value.State == CellState.Shown) Assert.Equal(9, opened.GrandTotal.Value.Value);
        var sig = opened.RowLabels.ToList().FindIndex(l => l.StartsWith("SIG", StringComparison.Ordinal));
        if (opened.RowTotals![sig].State == CellState.Shown) Assert.Equal(7, opened.RowTotals[sig].Value);
        Assert.DoesNotContain(opened.Cells[sig], c => c.State == CellState.Shown && c.Value is > 0 and < 5);
        Assert.Contains(opened.Cells[sig], c => c.State == CellState.Small);
        Assert.Equal(["Lämnade", "Återkallade"], report.Table(FollowUpTables.Consents).ColumnLabels);
        Assert.Contains("18a", report.Table(FollowUpTables.Disclosures).RowLabels);
        foreach (var key in FollowUpTables.All)
        {
            var table = report.Table(key);
            var csv = (await stats.ExportCsvAsync(police, _agreement, year, key, Ct)).Content;
            Assert.Equal(table.ToCsv(), csv);
            if (table.RowLabels.Count == 0) continue;
            var attacker = MarginAttacker.FromCsv(csv, table.Threshold);
            var (lo, hi) = attacker.Propagate();
            for (var i = 0; i <= attacker.Rows; i++)
                for (var j = 0; j <= attacker.Columns; j++)
                    if (attacker.Suppressed[i, j]) Assert.True(lo[i, j] < hi[i, j], $"{key}: entry ({i},{j}) recovered from\n{csv}");
        }
    }

    /// <summary>Nine cases led by social services: seven SIG (ages 15–20) and two SSPF (ages 13 and 16).</summary>
    private async Task OpenCasesAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var writes = CoreHost.Get<CaseWrites>(scope);
        var social = await host.AsAsync("socialsekreterare");
        string[] sig = ["20100505-9801", "20090101-9805", "20080202-9800", "20070303-9809", "20060404-9806", "20100606-9804", "20090707-9807"];
        string[] sspf = ["20120808-9801", "20100909-9802"];
        foreach (var pnr in sig) await writes.OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sig, Fix(pnr), "Fiktiv Person", []), Ct);
        foreach (var pnr in sspf) await writes.OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sspf, Fix(pnr), "Fiktiv Person", []), Ct);
    }

    /// <summary>Consent and disclosure records of the cases (rows as the consent and disclosure services store them).</summary>
    private async Task AddConsentsAndDisclosuresAsync()
    {
        await using var db = host.NewDbContext();
        var cases = await db.Cases.Select(c => new { c.Id, c.SubjectPersonId, c.LeadAuthorityId }).ToListAsync();
        var police = await db.Authorities.Where(a => a.Code == "polis-lpo-kristianstad").Select(a => a.Id).SingleAsync();
        var now = DateTime.UtcNow;
        foreach (var (c, i) in cases.Select((c, i) => (c, i)))
        {
            var consent = new Consent
            {
                Id = Guid.NewGuid(), CaseId = c.Id, SubjectPersonId = c.SubjectPersonId, Purpose = "SIG", ValidFrom = now.AddDays(-1), ValidTo = now.AddYears(1),
                Form = ConsentForms.Written, RecordedAt = now, RecordedByAuthorityId = c.LeadAuthorityId, RecordedByUserId = "test",
                WithdrawnAt = i < 2 ? now : null,
            };
            db.Consents.Add(consent);
            if (i < 6)
            {
                db.Disclosures.Add(new Disclosure
                {
                    Id = Guid.NewGuid(), CaseId = c.Id, ResourceId = Guid.NewGuid(), ResourceType = "item", Category = "S1", SenderAuthorityId = c.LeadAuthorityId,
                    RecipientAuthorityId = police, Ground = i < 5 ? "CONSENT" : "18a", ConsentId = i < 5 ? consent.Id : null, Initiative = "on_request",
                    Channel = "system", DecidedByUserId = "test", DecidedAt = now,
                });
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Gives a 10-digit body a valid check digit (test numbers are fictional).</summary>
    private static string Fix(string pnr)
    {
        var nine = pnr[2..8] + pnr[9..12];
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var v = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += v > 9 ? v - 9 : v;
        }

        return pnr[..12] + ((10 - sum % 10) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
