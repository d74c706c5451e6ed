using Samverkan.Sekretess.Policy.Language;
using Samverkan.Sekretess.Policy.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Policy.GoldenCases;

/// <summary>One parsed golden case: a request plus what the decision must be.</summary>
internal sealed class GoldenCase
{
    private GoldenCase(string file, int line, string name, DecisionRequest request, Effect decision, List<string> rules)
    {
        File = file;
        Line = line;
        Name = name;
        Request = request;
        ExpectedDecision = decision;
        ExpectedRules = rules;
    }

    public string File { get; }

    public int Line { get; }

    public string Name { get; }

    public DecisionRequest Request { get; }

    public Effect ExpectedDecision { get; }

    public List<string> ExpectedRules { get; }

    public string? ExpectedGround { get; private set; }

    public List<string>? ExpectedObligations { get; private set; }

    public bool? ExpectErrors { get; private set; }

    /// <param name="defaults">File-level attribute values; a case's own request values override them.</param>
    public static GoldenCase? Parse(YamlFile file, YamlMappingNode map, YamlMappingNode? defaults, PolicySet policies)
    {
        var before = file.Errors.Errors.Count;
        file.CheckKeys(map, "name", "request", "expect");
        var name = file.Scalar(map, "name", required: true) ?? "";
        var request = policies.NewRequest();
        if (YamlFile.Get(map, "request") is YamlMappingNode req)
        {
            foreach (var (keyNode, valueNode) in Flatten(defaults, req))
            {
                var attr = YamlFile.KeyText(keyNode);
                var error = valueNode switch
                {
                    YamlScalarNode { Value: "~" or "null" } => null,   // "~" removes a file default

                    YamlScalarNode s => AttributeValues.TrySetText(request, attr, s.Value ?? ""),
                    YamlSequenceNode seq => AttributeValues.TrySetSet(request, attr, seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? "")),
                    _ => $"'{attr}' har ett värde som varken är ett enkelt värde eller en lista",
                };
                if (error is not null) file.Error(keyNode, error);
            }
        }
        else
        {
            file.Error(map, "'request' saknas eller är inte en mappning");
        }

        if (YamlFile.Get(map, "expect") is not YamlMappingNode expect)
        {
            file.Error(map, "'expect' saknas eller är inte en mappning");
            return null;
        }

        file.CheckKeys(expect, "decision", "rules", "ground", "obligations", "errors");
        var decisionText = file.Scalar(expect, "decision", required: true);
        if (decisionText is not ("permit" or "deny")) file.Error(expect, "'decision' måste vara permit eller deny");
        var rules = file.ScalarList(expect, "rules", required: true)?.Select(r => r.Value).ToList() ?? [];
        var errorsText = file.Scalar(expect, "errors", required: false);
        var result = new GoldenCase(file.Name, ErrorSink.Line(map), name, request, decisionText == "permit" ? Effect.Permit : Effect.Deny, rules)
        {
            ExpectedGround = file.Scalar(expect, "ground", required: false),
            ExpectedObligations = file.ScalarList(expect, "obligations", required: false)?.Select(o => o.Value).ToList(),
            ExpectErrors = errorsText is null ? null : errorsText == "true",
        };
        return file.Errors.Errors.Count == before ? result : null;
    }

    /// <summary>
    /// Attribute values in override order: file defaults, then a YAML merge key (<c>&lt;&lt;: *anchor</c>),
    /// then the case's own values. The representation model does not apply merge keys itself.
    /// </summary>
    private static Dictionary<string, KeyValuePair<YamlNode, YamlNode>>.ValueCollection Flatten(YamlMappingNode? defaults, YamlMappingNode request)
    {
        var merged = new Dictionary<string, KeyValuePair<YamlNode, YamlNode>>(StringComparer.Ordinal);
        var merge = YamlFile.Get(request, "<<") as YamlMappingNode;
        foreach (var source in new[] { defaults, merge, request })
        {
            if (source is null) continue;
            foreach (var kv in source.Children)
            {
                var key = YamlFile.KeyText(kv.Key);
                if (key != "<<") merged[key] = kv;
            }
        }

        return merged.Values;
    }

    public GoldenCaseResult Run(PolicySet policies)
    {
        var d = PolicyDecisionPoint.Decide(Request, policies);
        var failures = new List<string>();
        if (d.Effect != ExpectedDecision) failures.Add($"beslut {Word(d.Effect)}, väntat {Word(ExpectedDecision)}");
        var expectedRules = ExpectedRules.Order(StringComparer.Ordinal).ToList();
        if (!d.RuleIds.SequenceEqual(expectedRules))
            failures.Add($"regler [{string.Join(", ", d.RuleIds)}], väntat [{string.Join(", ", expectedRules)}]");
        if (ExpectedGround is not null && d.LegalGround != ExpectedGround)
            failures.Add($"grund {d.LegalGround ?? "(ingen)"}, väntat {ExpectedGround}");
        if (ExpectedObligations is not null && !d.Obligations.Select(o => o.ToString()).Order(StringComparer.Ordinal).SequenceEqual(ExpectedObligations.Order(StringComparer.Ordinal)))
            failures.Add($"skyldigheter [{string.Join(", ", d.Obligations)}], väntat [{string.Join(", ", ExpectedObligations)}]");
        var hasErrors = d.Errors.Count > 0;
        if ((ExpectErrors ?? false) != hasErrors)
            failures.Add(hasErrors ? $"oväntade fel: {string.Join("; ", d.Errors)}" : "väntade utvärderingsfel, fick inga");
        return new GoldenCaseResult(File, Line, Name, failures.Count == 0, failures.Count == 0 ? null : string.Join("; ", failures));
    }

    private static string Word(Effect e) => e == Effect.Permit ? "permit" : "deny";
}
