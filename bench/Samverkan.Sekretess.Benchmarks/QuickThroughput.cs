using System.Diagnostics;
using Samverkan.Sekretess.Benchmarks.Reference;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Benchmarks;

/// <summary>
/// A fast sanity check in the style of the reference's <c>--mode memory</c>: warm up, then time the
/// engine and the hand-written reference in alternating passes so machine load hits both alike.
/// BenchmarkDotNet remains the measurement of record.
/// </summary>
internal static class QuickThroughput
{
    public static void Run()
    {
        var w = BenchData.Engine;
        var reference = BenchData.Reference;
        var requests = w.Requests;
        var policies = w.Policies;
        long sink = 0;
        for (var warm = 0; warm < 30; warm++)
        {
            foreach (var r in requests) sink += PolicyDecisionPoint.Decide(r, policies).IsPermit ? 1 : 0;
            foreach (var q in reference) sink += Rules.Decide(q) ? 1 : 0;
        }

        var engine = new List<double>();
        var baseline = new List<double>();
        for (var pass = 0; pass < 5; pass++)
        {
            var t = Stopwatch.GetTimestamp();
            for (var rep = 0; rep < 10; rep++) foreach (var r in requests) sink += PolicyDecisionPoint.Decide(r, policies).IsPermit ? 1 : 0;
            engine.Add(requests.Length * 10 / Stopwatch.GetElapsedTime(t).TotalSeconds);
            t = Stopwatch.GetTimestamp();
            for (var rep = 0; rep < 10; rep++) foreach (var q in reference) sink += Rules.Decide(q) ? 1 : 0;
            baseline.Add(reference.Length * 10 / Stopwatch.GetElapsedTime(t).TotalSeconds);
        }

        engine.Sort();
        baseline.Sort();
        var e = engine[engine.Count / 2];
        var b = baseline[baseline.Count / 2];
        Console.WriteLine($"engine {e:N0} decisions/s; reference {b:N0} decisions/s; reference/engine = {b / e:F2}x (medians of 5 passes, sink {sink})");
    }
}
