using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Core.LogReview;

public sealed record ScreeningRuleView(string Id, string Provision, string Title, string Explanation);

/// <summary>A secrecy-screening rule: log entries about items in these categories are withheld from a registerutdrag.</summary>
internal sealed record ScreeningRule(string Id, string Provision, string Title, string Explanation, IReadOnlySet<string> ItemCategories);

/// <summary>Loads policies/log-review/access-report-screening.yaml (validated at start, like the anomaly rules).</summary>
internal sealed class ScreeningRuleSet(IReadOnlyList<ScreeningRule> rules)
{
    public const string RelativePath = "log-review/access-report-screening.yaml";

    public IReadOnlyList<ScreeningRule> Rules { get; } = rules;

    public IReadOnlyList<ScreeningRuleView> Views { get; } = rules.Select(r => new ScreeningRuleView(r.Id, r.Provision, r.Title, r.Explanation)).ToList();

    /// <summary>The rules that screen any of <paramref name="categories"/>, and which of the categories they screen.</summary>
    public (IReadOnlyList<ScreeningRule> Rules, IReadOnlySet<string> Screened) Match(IEnumerable<string> categories)
    {
        var set = categories.ToHashSet(StringComparer.Ordinal);
        var rules = Rules.Where(r => r.ItemCategories.Overlaps(set)).ToList();
        return (rules, set.Where(c => rules.Any(r => r.ItemCategories.Contains(c))).ToHashSet(StringComparer.Ordinal));
    }

    public IReadOnlySet<string> ScreenedCategories { get; } = rules.SelectMany(r => r.ItemCategories).ToHashSet(StringComparer.Ordinal);

    public static ScreeningRuleSet LoadFile(string path)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"{RelativePath}: filen saknas (sekretessprövning av registerutdrag).");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = yaml.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
        var list = root?.Children.TryGetValue(new YamlScalarNode("rules"), out var r) == true ? r as YamlSequenceNode : null;
        if (list is null || list.Children.Count == 0) throw new InvalidOperationException($"{RelativePath}: rules saknas.");
        var rules = new List<ScreeningRule>();
        foreach (var node in list.Children.OfType<YamlMappingNode>())
        {
            string Get(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)
                ? s.Value : throw new InvalidOperationException($"{RelativePath} rad {node.Start.Line}: {key} saknas.");
            var categories = node.Children.TryGetValue(new YamlScalarNode("itemCategories"), out var c) && c is YamlSequenceNode seq
                ? seq.Children.OfType<YamlScalarNode>().Select(x => x.Value ?? "").ToHashSet(StringComparer.Ordinal)
                : throw new InvalidOperationException($"{RelativePath} rad {node.Start.Line}: itemCategories saknas.");
            var unknown = categories.Where(x => Cases.ItemCategories.All.All(k => k.Code != x)).ToList();
            if (unknown.Count > 0) throw new InvalidOperationException($"{RelativePath} rad {node.Start.Line}: okänd kategori {string.Join(", ", unknown)}.");
            rules.Add(new ScreeningRule(Get("id"), Get("provision"), Get("title"), Get("explanation"), categories));
        }

        return new ScreeningRuleSet(rules);
    }
}
