using Samverkan.Sekretess.Benchmarks.Workload;
using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.Bench;

/// <summary>
/// The 30 Cedar benchmark rules, expressed in bench/policies, must reproduce Cedar's decision and
/// reason set on all 10,000 requests of shared/bench/abac.
/// </summary>
public sealed class AbacWorkloadConformanceTests
{
    private static readonly Lazy<AbacWorkload?> Workload = new(() => TestPaths.SharedBench is { } dir
        ? AbacWorkload.Load(dir, Path.Combine(TestPaths.RepoRoot, "bench", "policies"))
        : null);

    private static AbacWorkload RequireWorkload() =>
        Workload.Value ?? throw new InvalidOperationException(
            "shared/bench/abac not found next to the repository (<repo>/../shared/bench/abac); the conformance test needs it.");

    [Fact]
    public void Decide_AllRequests_MatchCedarDecisionsAndReasons()
    {
        var w = RequireWorkload();
        var mismatches = new List<string>();

        for (var i = 0; i < w.Requests.Length; i++)
        {
            var d = PolicyDecisionPoint.Decide(w.Requests[i], w.Policies);
            var expected = w.Expected[i];
            if (d.IsPermit != expected.Allow || !d.RuleIds.SequenceEqual(expected.Reasons) || d.Errors.Count > 0)
                mismatches.Add($"#{i}: got {d}, expected {(expected.Allow ? "allow" : "deny")} [{string.Join(", ", expected.Reasons)}]");
        }

        Assert.Equal(10_000, w.Requests.Length);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches.Take(20))}");
    }

    [Fact]
    public void DecideSliceDocument_AllRequests_MatchCedarDecisions()
    {
        var w = RequireWorkload();

        var wrong = Enumerable.Range(0, w.SliceDocuments.Length)
            .Count(i => EntityJson.DecideSliceDocument(w.Policies, w.SliceDocuments[i]).IsPermit != w.Expected[i].Allow);

        Assert.Equal(0, wrong);
    }

    [Fact]
    public void BenchPolicies_EveryRuleIsDeterminingSomewhere()
    {
        var w = RequireWorkload();

        var seen = w.Expected.SelectMany(e => e.Reasons).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(w.Policies.RuleIds.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }
}
