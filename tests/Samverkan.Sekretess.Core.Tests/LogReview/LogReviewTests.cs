using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.LogReview;

namespace Samverkan.Sekretess.Core.Tests.LogReview;

/// <summary>Loggkontroll: monthly sample per unit plus every flagged entry, outcomes with notes, sign-off, scoping and meta-audit.</summary>
public sealed class LogReviewTests(LogReviewHost host) : IClassFixture<LogReviewHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = LogReviewHost.Ct;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>30 daytime reads by the socialsekreterare (unit Barn och unga) in November, one of them after hours, and 5 by the SSPF-samordnare.</summary>
    private async Task PlantNovemberAsync()
    {
        host.Clock.SetLocal(new DateTime(2026, 11, 3, 10, 0, 0));
        var entries = new List<AuditEntry>();
        for (var i = 0; i < 29; i++) entries.Add(await host.ByAsync("socialsekreterare", "case.read"));
        for (var i = 0; i < 5; i++) entries.Add(await host.ByAsync("sspf-samordnare", "case.read"));
        await host.PlantAsync([.. entries]);
        host.Clock.SetLocal(new DateTime(2026, 11, 4, 23, 30, 0));
        await host.PlantAsync(await host.ByAsync("socialsekreterare", "case.read"));
        host.Clock.SetLocal(new DateTime(2026, 11, 25, 10, 0, 0));
    }

    [Fact]
    public async Task CreateRound_SamplesTheUnitAndTakesEveryFlaggedEntry_ThenOutcomesAndSignOff()
    {
        await PlantNovemberAsync();
        var afterHours = await host.HeadAsync();
        var dpo = await host.AsAsync("dataskyddsombud");
        var manager = await host.UserIdAsync("enhetschef");
        await using var scope = host.Services.CreateAsyncScope();
        var reviews = host.Get<LogReviews>(scope);

        var created = await reviews.CreateRoundAsync(dpo, "2026-11", "Barn och unga", manager, Ct);
        Assert.True(created.Succeeded, created.Error);
        var round = await reviews.GetRoundAsync(await host.AsAsync("enhetschef"), created.Id!.Value, Ct);

        // 20 sampled (sampleSize) + the after-hours entry, which is flagged and therefore always included.
        Assert.Equal(21, round.Items.Count);
        var flagged = Assert.Single(round.Items, i => i.Source == ReviewSources.Flag);
        Assert.Equal(afterHours, flagged.Entry!.Sequence);
        Assert.Contains("LOG-TIME-001", flagged.Entry.FlagRuleIds);
        Assert.All(round.Items, i => Assert.Equal("Barn och unga", i.Entry!.ActorUnit));
        Assert.Equal(20, round.Items.Select(i => i.Entry!.Sequence).Distinct().Count(s => s != afterHours));

        // The same unit and month again gives the same round, not a second one.
        Assert.Equal(created.Id, (await reviews.CreateRoundAsync(dpo, "2026-11", "Barn och unga", manager, Ct)).Id);

        var enhetschef = await host.AsAsync("enhetschef");
        var early = await reviews.SignOffAsync(enhetschef, round.Id, null, Ct);
        Assert.False(early.Succeeded);
        var noNote = await reviews.RecordOutcomeAsync(enhetschef, round.Id, flagged.Id, ReviewOutcomes.Incident, "", Ct);
        Assert.False(noNote.Succeeded);
        Assert.True((await reviews.RecordOutcomeAsync(enhetschef, round.Id, flagged.Id, ReviewOutcomes.NeedsExplanation, "Jour? Fråga handläggaren.", Ct)).Succeeded);
        foreach (var item in round.Items.Where(i => i.Id != flagged.Id))
            Assert.True((await reviews.RecordOutcomeAsync(enhetschef, round.Id, item.Id, ReviewOutcomes.Ok, null, Ct)).Succeeded);

        var signed = await reviews.SignOffAsync(enhetschef, round.Id, "Genomgången utan anmärkning utom en post.", Ct);
        Assert.True(signed.Succeeded, signed.Error);
        var after = await reviews.GetRoundAsync(dpo, round.Id, Ct);
        Assert.Equal(ReviewStatuses.SignedOff, after.Status);
        Assert.Equal("Jonna Ledare (enhetschef)", after.SignedByName);
        Assert.Equal("Jour? Fråga handläggaren.", after.Items.Single(i => i.Id == flagged.Id).Note);
        Assert.False((await reviews.RecordOutcomeAsync(enhetschef, round.Id, flagged.Id, ReviewOutcomes.Ok, null, Ct)).Succeeded);

        // Notes are encrypted at rest.
        await using var db = host.NewDbContext();
        Assert.DoesNotContain(await db.ReviewItems.Where(i => i.NoteCipher != null).Select(i => i.NoteCipher!).ToListAsync(),
            n => n.Contains("Jour", StringComparison.Ordinal));

        var report = await reviews.GetPeriodReportAsync(dpo, "2026-11", Ct);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(ReviewOutcomes.NeedsExplanation, finding.Outcome);
        Assert.Equal(1, report.FlagsByRule.Single(f => f.Rule.Id == "LOG-TIME-001").Count);

        // Every step is in the log as audit.review by the person who did it.
        var reviewsLogged = (await host.EntriesAsync()).Where(e => e.Action == "audit.review" && e.Decision == "permit").ToList();
        Assert.True(reviewsLogged.Count >= 24, $"{reviewsLogged.Count} audit.review entries");
        Assert.Contains(reviewsLogged, e => e.ActorRole == "enhetschef" && e.ResourceId == round.Id.ToString());
    }

    [Fact]
    public async Task UnitManager_CannotOpenAnotherUnitsRound_NorPoliceDpoAnything_AndTheAttemptIsAudited()
    {
        await PlantNovemberAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var reviews = host.Get<LogReviews>(scope);
        var created = await reviews.CreateRoundAsync(await host.AsAsync("dataskyddsombud"), "2026-11", "SSPF Kristianstad",
            await host.UserIdAsync("dataskyddsombud"), Ct);
        Assert.True(created.Succeeded, created.Error);

        var manager = await host.AsAsync("enhetschef");
        var policeDpo = await host.AsAsync("dataskyddsombud-polis");
        await Assert.ThrowsAsync<AccessDeniedException>(() => reviews.GetRoundAsync(manager, created.Id!.Value, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => reviews.GetRoundAsync(policeDpo, created.Id!.Value, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => reviews.SignOffAsync(policeDpo, created.Id!.Value, null, Ct));

        var denied = (await host.EntriesAsync()).Where(e => e.Decision == "deny").ToList();
        Assert.Equal(3, denied.Count);
        Assert.All(denied, e => Assert.Equal(created.Id.ToString(), e.ResourceId));

        // An enhetschef creating a round gets the own unit whatever the form said.
        var own = await reviews.CreateRoundAsync(await host.AsAsync("enhetschef"), "2026-11", "SSPF Kristianstad", await host.UserIdAsync("enhetschef"), Ct);
        Assert.True(own.Succeeded, own.Error);
        Assert.Equal("Barn och unga", (await reviews.GetRoundAsync(await host.AsAsync("enhetschef"), own.Id!.Value, Ct)).Unit);
    }

    [Fact]
    public async Task Dashboard_CountsFlagsPerWeekAndOpenRounds()
    {
        await PlantNovemberAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var reviews = host.Get<LogReviews>(scope);
        var dpo = await host.AsAsync("dataskyddsombud");
        await reviews.CreateRoundAsync(dpo, "2026-11", "Barn och unga", await host.UserIdAsync("enhetschef"), Ct);

        var dashboard = await reviews.GetDashboardAsync(dpo, Ct);

        Assert.Equal(12, dashboard.FlagsPerWeek.Count);
        Assert.Equal(1, dashboard.FlagsPerWeek.Single(w => w.WeekStart == new DateOnly(2026, 11, 2)).Count);
        Assert.Equal(1, dashboard.OpenRounds);
        Assert.Contains("Barn och unga", dashboard.Units);
    }

    public static TheoryData<string> NotPermitted() =>
        new("socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare", "fritidsledare", "sspf-samordnare", "systemforvaltare", "anonym");

    [Theory]
    [MemberData(nameof(NotPermitted))]
    public async Task EveryOtherPersona_IsDenied_AndAudited(string persona)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var reviews = host.Get<LogReviews>(scope);
        var context = await host.AsAsync(persona);
        await Assert.ThrowsAsync<AccessDeniedException>(() => reviews.GetDashboardAsync(context, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => reviews.CreateRoundAsync(context, "2026-11", "Barn och unga", "x", Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => reviews.GetPeriodReportAsync(context, "2026-11", Ct));
        Assert.Equal(3, (await host.EntriesAsync()).Count(e => e.Decision == "deny" && e.Action == "audit.review"));
    }
}
