using Samverkan.Sekretess.Policy.GoldenCases;
using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.GoldenCases;

public sealed class GoldenCaseTests
{
    [Fact]
    public void Policies_AllGoldenCases_PassAndCoverEveryRuleAndGround()
    {
        // Arrange
        var set = PolicySet.LoadDirectory(TestPaths.Policies);

        // Act
        var report = GoldenCaseRunner.RunDirectory(TestPaths.Policies, set);

        // Assert: one message listing every problem, so a failing CI run shows all of them
        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Problems()));
        Assert.NotEmpty(report.Results);
    }

    [Fact]
    public void Run_RuleWithoutCase_IsReportedUncovered()
    {
        var set = MiniPolicies.Compile(("r.policy.yaml", MiniPolicies.Rule("R-1", "permit", "[subject.mfa]")));

        var report = GoldenCaseRunner.Run(new Dictionary<string, string> { ["cases/x.cases.yaml"] = "cases: []" }, set);

        Assert.False(report.Passed);
        Assert.Contains("R-1", report.UncoveredRules);
        Assert.Contains("OWN", report.UncoveredGrounds);
    }

    [Fact]
    public void Run_WrongExpectedReasons_Fails()
    {
        var set = MiniPolicies.Compile(("r.policy.yaml", MiniPolicies.Rule("R-1", "permit", "[subject.mfa]")));
        const string cases = """
            cases:
              - name: fel skäl
                request: { action: read, subject.mfa: true }
                expect: { decision: permit, rules: [R-2] }
            """;

        var report = GoldenCaseRunner.Run(new Dictionary<string, string> { ["cases/x.cases.yaml"] = cases }, set);

        var failure = Assert.Single(report.Results);
        Assert.False(failure.Passed);
        Assert.Contains("R-2", failure.Failure, StringComparison.Ordinal);
    }
}
