using BenchmarkDotNet.Attributes;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Benchmarks;

/// <summary>Reading, validating and compiling a policy directory from disk (the application start-up cost).</summary>
[MemoryDiagnoser]
public class LoadBenchmarks
{
    private string _realPolicies = "";
    private string _benchPolicies = "";

    [GlobalSetup]
    public void Setup()
    {
        _realPolicies = Path.Combine(BenchData.RepoRoot, "policies");
        _benchPolicies = Path.Combine(BenchData.RepoRoot, "bench", "policies");
    }

    [Benchmark]
    public PolicySet LoadRealPolicySet() => PolicySet.LoadDirectory(_realPolicies);

    [Benchmark]
    public PolicySet LoadBenchPolicySet() => PolicySet.LoadDirectory(_benchPolicies);
}
