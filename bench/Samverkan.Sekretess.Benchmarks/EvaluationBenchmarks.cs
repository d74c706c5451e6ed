using BenchmarkDotNet.Attributes;
using Samverkan.Sekretess.Benchmarks.Reference;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Benchmarks;

/// <summary>
/// Evaluation only: every attribute already resolved into each engine's typed form. One operation
/// is one decision; each invocation decides all 10,000 workload requests.
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private const int Requests = 10_000;
    private DecisionRequest[] _requests = [];
    private DecisionRequest[] _defaultDeny = [];
    private Req[] _reference = [];
    private PolicySet _policies = null!;

    [GlobalSetup]
    public void Setup()
    {
        var w = BenchData.Engine;
        _policies = w.Policies;
        _requests = w.Requests;
        _reference = BenchData.Reference;
        // The requests Cedar denies by default (no permit, no forbid); must allocate nothing.
        _defaultDeny = [.. w.Requests.Where((_, i) => !w.Expected[i].Allow && w.Expected[i].Reasons.Length == 0).Take(3_000)];
        // Warm the decision cache so steady-state allocation is measured.
        foreach (var r in _requests) PolicyDecisionPoint.Decide(r, _policies);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public int HandWrittenReference()
    {
        var permits = 0;
        foreach (var q in _reference) if (Rules.Decide(q)) permits++;
        return permits;
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public int Engine()
    {
        var permits = 0;
        foreach (var r in _requests) if (PolicyDecisionPoint.Decide(r, _policies).IsPermit) permits++;
        return permits;
    }

    [Benchmark(OperationsPerInvoke = 3_000)]
    public int EngineDefaultDenyOnly()
    {
        var permits = 0;
        foreach (var r in _defaultDeny) if (PolicyDecisionPoint.Decide(r, _policies).IsPermit) permits++;
        return permits;
    }
}
