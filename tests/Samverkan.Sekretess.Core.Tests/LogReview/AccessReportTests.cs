using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.LogReview;

namespace Samverkan.Sekretess.Core.Tests.LogReview;

/// <summary>Registerutdrag: disclosures and accesses for one person, mandatory secrecy screening, recorded withholdings, release, JSON.</summary>
public sealed class AccessReportTests(LogReviewHost host) : IClassFixture<LogReviewHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = LogReviewHost.Ct;
    private static readonly string Pnr = LogReviewHost.Pnr("20100505", "980");

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed record World(Guid CaseId, Guid PersonId, Guid S1, Guid S2, Guid P1, long CaseReadBySocial, long DiscloseS1, long DiscloseS2, long CaseReadByPolice);

    /// <summary>
    /// A SIG case on a person (social services lead, police take part): an S1 item, an S2 item (the reporter's identity)
    /// and a police P1 item. Social services read the case; the police read it; S1 is disclosed to the police on 18 a §
    /// and the S2 item too (the entry a registerutdrag must never show).
    /// </summary>
    private async Task<World> BuildAsync()
    {
        var (caseId, personId, _) = await host.OpenCaseAsync(Pnr, "Testa Testsson", "polis-lpo-kristianstad");
        await using var scope = host.Services.CreateAsyncScope();
        var items = host.Get<ItemWrites>(scope);
        var social = await host.AsAsync("socialsekreterare", Purposes.CaseWork);
        var police = await host.AsAsync("kommunpolis", Purposes.CaseWork);
        var s1 = await items.AddItemAsync(social, caseId, new AddItemCommand("S1", "Utredning", "Fiktiv text"), Ct);
        var s2 = await items.AddItemAsync(social, caseId, new AddItemCommand("S2", "Anmälare", "Fiktiv anmälare"), Ct);
        var p1 = await items.AddItemAsync(police, caseId, new AddItemCommand("P1", "Förundersökning", "Fiktiv polistext"), Ct);
        var reads = host.Get<CaseReads>(scope);
        await reads.GetCaseAsync(social, caseId, Ct);
        var socialRead = await host.HeadAsync();
        var policeAuthority = await host.AuthorityAsync("polis-lpo-kristianstad");
        await host.PlantAsync(
            await host.ByAsync("socialsekreterare", "item.disclose", caseId: caseId, personId: personId, resourceAuthorityId: policeAuthority,
                ground: "18a", resourceType: "item", resourceId: s1.ToString(), itemIds: s1.ToString()),
            await host.ByAsync("socialsekreterare", "item.disclose", caseId: caseId, personId: personId, resourceAuthorityId: policeAuthority,
                ground: "27", resourceType: "item", resourceId: s2.ToString(), itemIds: s2.ToString()));
        var discloseS2 = await host.HeadAsync();
        await reads.GetCaseAsync(police, caseId, Ct);
        var policeRead = await host.HeadAsync();
        return new World(caseId, personId, s1, s2, p1, socialRead, discloseS2 - 1, discloseS2, policeRead);
    }

    [Fact]
    public async Task Draft_ScreensReporterIdentityAndPoliceInformation_ReleaseShowsTheRestAndRecordsEveryWithholding()
    {
        var w = await BuildAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var reports = host.Get<AccessReports>(scope);
        var dpo = await host.AsAsync("dataskyddsombud", "registerutdrag");

        var draft = await reports.CreateDraftAsync(dpo, Pnr, Ct);
        Assert.Null(draft.Problem);
        var screening = await reports.GetForScreeningAsync(dpo, draft.Id!.Value, Ct);

        Assert.Equal("Testa Testsson", screening.PersonName);
        // The DPO sees every line while screening, the withheld ones marked with their provision.
        var s2Disclosure = Assert.Single(screening.Disclosures, l => l.Sequence == w.DiscloseS2);
        Assert.True(s2Disclosure.Withheld);
        Assert.Equal("OSL 26 kap. 5 §", s2Disclosure.WithheldProvision);
        var policeRead = Assert.Single(screening.Accesses, l => l.Sequence == w.CaseReadByPolice);
        Assert.True(policeRead.Withheld);
        Assert.Contains("18 kap.", policeRead.WithheldProvision, StringComparison.Ordinal);
        // Social services' read is reported, but without the reporter-identity category.
        var socialRead = Assert.Single(screening.Accesses, l => l.Sequence == w.CaseReadBySocial);
        Assert.False(socialRead.Withheld);
        Assert.Contains("S1", socialRead.Categories);
        Assert.DoesNotContain("S2", socialRead.Categories);

        // Release needs the confirmed screening step.
        Assert.NotNull((await reports.ReleaseAsync(dpo, draft.Id.Value, screeningConfirmed: false, Ct)).Problem);
        await Assert.ThrowsAsync<AccessDeniedException>(() => reports.GetReleasedAsync(dpo, draft.Id.Value, Ct));
        Assert.Null((await reports.ReleaseAsync(dpo, draft.Id.Value, screeningConfirmed: true, Ct)).Problem);

        var released = await reports.GetReleasedAsync(dpo, draft.Id.Value, Ct);
        var disclosure = Assert.Single(released.Disclosures);
        Assert.Equal(w.DiscloseS1, disclosure.Sequence);
        Assert.Equal("Polismyndigheten, LPO Kristianstad", disclosure.RecipientAuthorityName);
        Assert.Equal(["S1"], disclosure.Categories);
        Assert.Contains("18 a §", disclosure.LegalGroundTitle, StringComparison.Ordinal);
        Assert.DoesNotContain(released.Accesses, l => l.Sequence == w.CaseReadByPolice);
        Assert.Contains(released.Accesses, l => l.Sequence == w.CaseReadBySocial);
        // Staff identities were not released: roles only.
        Assert.All(released.Accesses.Concat(released.Disclosures), l => Assert.Null(l.StaffName));

        var json = AccessReportJson.Serialize(released);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("samverkan-registerutdrag/v1", doc.RootElement.GetProperty("format").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("disclosures").GetArrayLength());
        Assert.Contains("sekretess", doc.RootElement.GetProperty("secrecyNote").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("26 kap. 5", json, StringComparison.Ordinal); // not even the provision hints at a reporter

        await using var db = host.NewDbContext();
        var withheld = await db.AccessReportWithholdings.Where(x => x.ReportId == draft.Id.Value).OrderBy(x => x.Sequence).ToListAsync();
        Assert.Contains(withheld, x => x.Sequence == w.DiscloseS2 && x.RuleId == "SCREEN-26-5" && x.Scope == WithholdingScopes.Line);
        Assert.Contains(withheld, x => x.Sequence == w.CaseReadByPolice && x.RuleId == "SCREEN-18" && x.Scope == WithholdingScopes.Line);
        Assert.Contains(withheld, x => x.Sequence == w.CaseReadBySocial && x.Scope == WithholdingScopes.Categories);
        var release = (await host.EntriesAsync()).Last(e => e.Action == "audit.report");
        Assert.Equal(w.PersonId, release.PersonId);
        Assert.Equal(draft.Id.ToString(), release.ResourceId);
    }

    [Fact]
    public async Task Screening_DpoWithholdsMoreAndReleasesStaffNames()
    {
        var w = await BuildAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var reports = host.Get<AccessReports>(scope);
        var dpo = await host.AsAsync("dataskyddsombud");
        var id = (await reports.CreateDraftAsync(dpo, Pnr, Ct)).Id!.Value;

        Assert.Null((await reports.SaveScreeningAsync(dpo, id, [w.DiscloseS1], releaseStaffIdentities: true, Ct)).Problem);
        await reports.ReleaseAsync(dpo, id, true, Ct);
        var released = await reports.GetReleasedAsync(dpo, id, Ct);

        Assert.Empty(released.Disclosures);
        Assert.Contains(released.Accesses, l => l.StaffName == "Alva Demosson (socialsekreterare)");
        Assert.NotNull((await reports.SaveScreeningAsync(dpo, id, [], false, Ct)).Problem); // released: frozen
        await using var db = host.NewDbContext();
        Assert.True(await db.AccessReportWithholdings.AnyAsync(x => x.ReportId == id && x.Sequence == w.DiscloseS1 && !x.Automatic));
    }

    [Fact]
    public async Task Disclosure_RecipientComesFromTheDisclosureRegister_AsTheDisclosureWorkflowAuditsIt()
    {
        // The disclosure workflow's entry: resource authority = the owner (sender), ids = [item, disclosure].
        var w = await BuildAsync();
        var soc = await host.AuthorityAsync("soc-kristianstad");
        var school = await host.AuthorityAsync("utb-kristianstad");
        var disclosureId = Guid.NewGuid();
        await using (var db = host.NewDbContext())
        {
            db.Disclosures.Add(new Samverkan.Sekretess.Core.Disclosures.Disclosure
            {
                Id = disclosureId, CaseId = w.CaseId, ResourceId = w.S1, ResourceType = "item", Category = "S1", SenderAuthorityId = soc,
                RecipientAuthorityId = school, Ground = "CONSENT", Initiative = "own_initiative", Channel = "system",
                DecidedByUserId = await host.UserIdAsync("socialsekreterare"), DecidedAt = host.Clock.Now.UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        await host.PlantAsync(await host.ByAsync("socialsekreterare", "item.disclose", caseId: w.CaseId, personId: w.PersonId, resourceAuthorityId: soc,
            ground: "CONSENT", resourceType: "item", resourceId: w.S1.ToString(), itemIds: $"{w.S1},{disclosureId}"));
        var sequence = await host.HeadAsync();

        await using var scope = host.Services.CreateAsyncScope();
        var reports = host.Get<AccessReports>(scope);
        var dpo = await host.AsAsync("dataskyddsombud");
        var id = (await reports.CreateDraftAsync(dpo, Pnr, Ct)).Id!.Value;
        var line = Assert.Single((await reports.GetForScreeningAsync(dpo, id, Ct)).Disclosures, l => l.Sequence == sequence);

        Assert.Equal("Utbildningsnämnden, Kristianstads kommun", line.RecipientAuthorityName);
        Assert.Equal(["S1"], line.Categories);
        Assert.False(line.Withheld);
    }

    [Fact]
    public async Task OtherAuthoritysDpo_CannotOpenTheReport_AndOthersCannotStartOne()
    {
        await BuildAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var reports = host.Get<AccessReports>(scope);
        var id = (await reports.CreateDraftAsync(await host.AsAsync("dataskyddsombud"), Pnr, Ct)).Id!.Value;

        var policeDpo = await host.AsAsync("dataskyddsombud-polis");
        await Assert.ThrowsAsync<AccessDeniedException>(() => reports.GetForScreeningAsync(policeDpo, id, Ct));
        foreach (var persona in new[] { "enhetschef", "socialsekreterare", "systemforvaltare", "kommunpolis", "anonym" })
        {
            var context = await host.AsAsync(persona);
            await Assert.ThrowsAsync<AccessDeniedException>(() => reports.CreateDraftAsync(context, Pnr, Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => reports.GetForScreeningAsync(context, id, Ct));
        }

        Assert.Equal(11, (await host.EntriesAsync()).Count(e => e.Action == "audit.report" && e.Decision == "deny"));
    }
}
