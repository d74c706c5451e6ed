using System.Text.Json;
using Samverkan.Sekretess.Policy.Vocabulary;

namespace Samverkan.Sekretess.Policy.Json;

/// <summary>
/// Reads one request in the documented JSON form (<c>policies/schema/request.schema.json</c>):
/// <c>{"id": …, "attributes": {"action": "item.read", "case.participatingAuthorityIds": ["sn"], …}}</c>.
/// Bad input never throws: it yields errors, and a request with errors must be denied.
/// </summary>
public static class JsonRequestReader
{
    /// <summary>Longest accepted line; a request is a few hundred bytes, anything huge is garbage.</summary>
    public const int MaxLength = 1024 * 1024;

    /// <summary>Parses <paramref name="json"/>; <paramref name="request"/> is null when the JSON itself is unusable.</summary>
    public static JsonRequest Read(string json, PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(policies);
        if (json.Length > MaxLength) return new JsonRequest(null, null, [$"förfrågan är för lång ({json.Length} tecken)"]);

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            return new JsonRequest(null, null, [$"ogiltig JSON: {ex.Message}"]);
        }

        using (doc)
        {
            return Read(doc.RootElement, policies);
        }
    }

    private static JsonRequest Read(JsonElement root, PolicySet policies)
    {
        if (root.ValueKind != JsonValueKind.Object) return new JsonRequest(null, null, ["förfrågan måste vara ett JSON-objekt"]);
        var errors = new List<string>();
        string? id = null;
        if (root.TryGetProperty("id", out var idElement))
        {
            id = idElement.ValueKind switch
            {
                JsonValueKind.String => idElement.GetString(),
                JsonValueKind.Number => idElement.GetRawText(),
                _ => null,
            };
            if (id is null) errors.Add("'id' måste vara en sträng eller ett tal");
        }

        foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("id" or "attributes")))
            errors.Add($"okänd nyckel '{property.Name}' (tillåtna: id, attributes)");

        if (!root.TryGetProperty("attributes", out var attributes) || attributes.ValueKind != JsonValueKind.Object)
        {
            errors.Add("'attributes' saknas eller är inte ett objekt");
            return new JsonRequest(id, null, errors);
        }

        var request = policies.NewRequest();
        foreach (var attribute in attributes.EnumerateObject())
        {
            var error = Set(request, attribute.Name, attribute.Value);
            if (error is not null) errors.Add(error);
        }

        return new JsonRequest(id, request, errors);
    }

    private static string? Set(DecisionRequest request, string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,   // explicitly missing
        JsonValueKind.String => AttributeValues.TrySetText(request, name, value.GetString()!),
        JsonValueKind.True or JsonValueKind.False => AttributeValues.TrySetBool(request, name, value.GetBoolean()),
        JsonValueKind.Number => value.TryGetInt64(out var n) ? AttributeValues.TrySetInt(request, name, n) : $"'{name}': bara heltal stöds",
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
            AttributeValues.TrySetSet(request, name, value.EnumerateArray().Select(v => v.GetString()!).ToList()),
        _ => $"'{name}': värdet måste vara sträng, bool, heltal, lista med strängar eller null",
    };
}

/// <summary>A parsed JSON request: its id, the request (null if unusable) and every input error.</summary>
public sealed record JsonRequest(string? Id, DecisionRequest? Request, IReadOnlyList<string> Errors)
{
    /// <summary>Decides the request; any input error is a deny that lists the errors (fail closed).</summary>
    public Decision Decide(PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (Request is null || Errors.Count > 0)
            return new Decision(Effect.Deny, [], null, [], policies.Version, Errors.Count > 0 ? Errors : ["förfrågan saknas"]);
        return PolicyDecisionPoint.Decide(Request, policies);
    }
}
