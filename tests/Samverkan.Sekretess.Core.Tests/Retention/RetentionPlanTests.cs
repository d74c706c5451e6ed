using Samverkan.Sekretess.Core.Retention;

namespace Samverkan.Sekretess.Core.Tests.Retention;

/// <summary>The document-management plan as data: the real file loads; a broken one stops with file:line; eligibility arithmetic.</summary>
public sealed class RetentionPlanTests
{
    private static RetentionPlan Real()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "policies", RetentionPlan.RelativePath))) dir = dir.Parent;
        return RetentionPlan.LoadFile(Path.Combine(dir!.FullName, "policies", RetentionPlan.RelativePath));
    }

    [Fact]
    public void RealPlan_Loads_WithADecisionPerDemoAuthority_AndTheResearchSampleDays()
    {
        var plan = Real();
        Assert.Equal([5, 15, 25], plan.ResearchSampleDays.Order().ToArray());
        Assert.Equal(4, plan.Decisions.Count);
        Assert.Equal("SOC-PERSONAKT", plan.ClassFor("socialtjanst", "S1")!.Id);
        Assert.Equal(Dispositions.Keep, plan.ClassFor("skola", "K2")!.Disposition);
        Assert.Null(plan.ClassFor("fritid", "S1"));
        Assert.StartsWith("sha256:", plan.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void SocialServices_FiveYearsAfterTheLastEntry_DoneByTheEndOfTheFollowingYear()
    {
        var (eligible, due) = Real().ClassFor("socialtjanst", "S1")!.Eligibility(new DateOnly(2020, 3, 2));
        Assert.Equal((new DateOnly(2025, 3, 2), (DateOnly?)new DateOnly(2026, 12, 31)), (eligible, due));
        var (police, none) = Real().ClassFor("polis", "P1")!.Eligibility(new DateOnly(2020, 3, 2));
        Assert.Equal((new DateOnly(2026, 1, 1), (DateOnly?)null), (police, none));
    }

    [Theory]
    [InlineData("  - id: X1\n    kind: socialtjanst\n    documents: [S9]\n", "okänt handlingsslag 'S9'")]
    [InlineData("  - id: X1\n    kind: socialtjänst\n    documents: [S1]\n", "kind ska vara")]
    [InlineData("  - id: X1\n    kind: polis\n    documents: [P1]\n    disposition: radera\n", "disposition ska vara gallra eller bevara")]
    public void BrokenPlan_StopsWithFileAndLine(string classYaml, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "version: 1\nresearchSample:\n  days: [5, 15, 25]\ndecisions:\n  soc: \"Beslut 1\"\nclasses:\n" + classYaml);
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => RetentionPlan.LoadFile(path));
            Assert.Contains("policies/retention/plan.yaml:7:", e.Message, StringComparison.Ordinal);
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
