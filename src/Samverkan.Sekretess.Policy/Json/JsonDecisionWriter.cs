using System.Text.Encodings.Web;
using System.Text.Json;

namespace Samverkan.Sekretess.Policy.Json;

/// <summary>
/// Writes a decision as one JSON line:
/// <c>{"id":…,"decision":"permit"|"deny","reasons":[…],"ground":…,"obligations":[…],"errors":[…],"policyVersion":…}</c>.
/// </summary>
public static class JsonDecisionWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serialises <paramref name="decision"/> for request <paramref name="id"/>.</summary>
    public static string Write(string? id, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            if (id is null) w.WriteNull("id");
            else w.WriteString("id", id);
            w.WriteString("decision", decision.IsPermit ? "permit" : "deny");
            WriteArray(w, "reasons", decision.RuleIds);
            if (decision.LegalGround is null) w.WriteNull("ground");
            else w.WriteString("ground", decision.LegalGround);
            WriteArray(w, "obligations", decision.Obligations.Select(o => o.ToString()));
            WriteArray(w, "errors", decision.Errors);
            w.WriteString("policyVersion", decision.PolicySetVersion);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
