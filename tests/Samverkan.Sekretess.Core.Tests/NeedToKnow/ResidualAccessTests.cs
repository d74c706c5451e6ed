using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.NeedToKnow;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.NeedToKnow;

/// <summary>The DPO's residual-access report: what is still shared and why, overdue shares marked; nobody else sees it.</summary>
public sealed class ResidualAccessTests(CoreHost host) : IClassFixture<CoreHost>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public async ValueTask InitializeAsync() => await host.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task TheDpoSeesWhatIsStillShared_OverdueUntilTheJobEndsIt_ThenNothing()
    {
        var w = await SharingWorld.CreateAsync(host);
        var consent = await w.RecordConsentAsync(w.FullConsent());
        var share = await w.DiscloseAsync("socialsekreterare", "item", w.Case.SocialItemId, w.Police, "CONSENT", consent);

        var open = await ReportAsync(w);
        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<CaseWrites>(scope).CloseAsync(await w.As("socialsekreterare"), w.Case.CaseId, Ct);
        var closed = await ReportAsync(w);
        await using (var scope = host.Services.CreateAsyncScope())
            await CoreHost.Get<EndOfNeedToKnow>(scope).RunAsync(Ct);
        var after = await ReportAsync(w);

        var row = Assert.Single(open.SharedByUs);
        Assert.Equal((share, "CONSENT", "S1", false), (row.DisclosureId, row.Ground, row.Category, row.Overdue));
        Assert.Contains("Polismyndigheten", row.OtherAuthority, StringComparison.Ordinal);
        Assert.NotNull(row.ConsentValidTo);
        Assert.Contains(open.Participation, p => p.CaseId == w.Case.CaseId && p.OtherAuthorities.Any(a => a.Contains("Polis", StringComparison.Ordinal)));
        Assert.True(Assert.Single(closed.SharedByUs).Overdue);
        Assert.Empty(after.SharedByUs);
        await using var db = host.NewDbContext();
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "access.residual" && e.Decision == "permit" && e.RuleIds == "RES-R-001"));
    }

    [Theory]
    [InlineData("socialsekreterare")]
    [InlineData("kommunpolis")]
    [InlineData("systemforvaltare")]
    [InlineData("enhetschef")]
    [InlineData("skolkurator")]
    [InlineData("anonym")]
    public async Task EveryoneButTheDpo_IsDeniedAndAudited(string persona)
    {
        var w = await SharingWorld.CreateAsync(host);
        await using var scope = host.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<AccessDeniedException>(async () => await CoreHost.Get<ResidualAccess>(scope).ReportAsync(await w.As(persona), Ct));

        await using var db = host.NewDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "access.residual" && e.Decision == "deny"));
    }

    private async Task<ResidualAccessReport> ReportAsync(SharingWorld w)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<ResidualAccess>(scope).ReportAsync(await w.As("dataskyddsombud") with { Purpose = Purposes.LogReview }, Ct);
    }
}
