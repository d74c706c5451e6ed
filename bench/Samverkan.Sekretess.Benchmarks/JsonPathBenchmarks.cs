using BenchmarkDotNet.Attributes;
using Samverkan.Sekretess.Benchmarks.Reference;
using Samverkan.Sekretess.Benchmarks.Workload;

namespace Samverkan.Sekretess.Benchmarks;

/// <summary>
/// Per request: parse <c>{"request":…,"entities":[slice]}</c> from UTF-8 JSON, build the typed request,
/// decide. Same documents for both engines (the reference's <c>--mode slicejson</c>). One operation is
/// one request; each invocation runs the first 1,000 requests.
/// </summary>
[MemoryDiagnoser]
public class JsonPathBenchmarks
{
    private const int Requests = 1_000;
    private byte[][] _documents = [];

    [GlobalSetup]
    public void Setup() => _documents = BenchData.Engine.SliceDocuments[..Requests];

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    public int HandWrittenReferenceSliceJson()
    {
        var permits = 0;
        foreach (var d in _documents) if (SliceJson.Decide(d)) permits++;
        return permits;
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public int EngineSliceJson()
    {
        var permits = 0;
        var policies = BenchData.Engine.Policies;
        foreach (var d in _documents) if (EntityJson.DecideSliceDocument(policies, d).IsPermit) permits++;
        return permits;
    }
}
