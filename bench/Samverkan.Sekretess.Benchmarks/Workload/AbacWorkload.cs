using System.Text;
using System.Text.Json;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Benchmarks.Workload;

/// <summary>
/// The shared ABAC workload (<c>shared/bench/abac</c>) in this engine's request form. Also used by
/// the conformance test in Policy.Tests (linked source), so the benchmark measures exactly what the
/// test proves correct.
/// </summary>
public sealed class AbacWorkload
{
    private AbacWorkload(PolicySet policies, DecisionRequest[] requests, ExpectedDecision[] expected, byte[][] sliceDocuments)
    {
        Policies = policies;
        Requests = requests;
        Expected = expected;
        SliceDocuments = sliceDocuments;
    }

    public PolicySet Policies { get; }

    /// <summary>Requests with every attribute already resolved (evaluation-only path).</summary>
    public DecisionRequest[] Requests { get; }

    public ExpectedDecision[] Expected { get; }

    /// <summary>Per request, the UTF-8 document <c>{"request":…,"entities":[slice]}</c>, as the reference's slicejson mode.</summary>
    public byte[][] SliceDocuments { get; }

    public static AbacWorkload Load(string abacDirectory, string policyDirectory)
    {
        var policies = PolicySet.LoadDirectory(policyDirectory);
        using var requestsDoc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(abacDirectory, "requests.json")));
        using var expectedDoc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(abacDirectory, "expected.json")));

        var raw = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var e in requestsDoc.RootElement.GetProperty("entities").EnumerateArray())
            raw[EntityJson.Key(e.GetProperty("uid"))] = e;

        var requestElements = requestsDoc.RootElement.GetProperty("requests").EnumerateArray().ToArray();
        var sets = new Dictionary<string, StringSet>(StringComparer.Ordinal);
        var requests = requestElements.Select(q => EntityJson.BuildRequest(policies, q, raw, sets)).ToArray();
        var slices = requestElements.Select(q => SliceDocument(q, raw)).ToArray();
        var expected = expectedDoc.RootElement.GetProperty("decisions").EnumerateArray()
            .Select(d => new ExpectedDecision(
                d.GetProperty("decision").GetString() == "allow",
                [.. d.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)]))
            .ToArray();
        return new AbacWorkload(policies, requests, expected, slices);
    }

    private static byte[] SliceDocument(JsonElement request, Dictionary<string, JsonElement> raw)
    {
        var sb = new StringBuilder("{\"request\":").Append(request.GetRawText()).Append(",\"entities\":[");
        var first = true;
        foreach (var key in request.GetProperty("slice").EnumerateArray())
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append(raw[key.GetString()!].GetRawText());
        }

        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }
}

/// <summary>Cedar's decision and sorted determining policy ids for one request.</summary>
public sealed record ExpectedDecision(bool Allow, string[] Reasons);
