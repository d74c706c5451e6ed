using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>
/// Loads and validates policies/log-review/anomaly-rules.yaml once. Rules are data: each is a list of conditions
/// over <see cref="AnomalySignals"/>, with a title and an explanation in plain Swedish for the reviewer.
/// An invalid file throws with the file name and rule id (the app does not start: fail closed).
/// </summary>
internal sealed class AnomalyRuleSet
{
    public const string RelativePath = "log-review/anomaly-rules.yaml";
    private static readonly string[] Severities = ["lag", "medel", "hog"];

    public AnomalyRuleSet(IReadOnlyList<AnomalyRule> rules, AnomalySettings settings)
    {
        Rules = rules;
        Settings = settings;
        Views = rules.Select(r => new AnomalyRuleView(r.Id, r.Title, r.Explanation, r.Severity)).ToList();
    }

    public IReadOnlyList<AnomalyRule> Rules { get; }
    public AnomalySettings Settings { get; }
    public IReadOnlyList<AnomalyRuleView> Views { get; }

    public static AnomalyRuleSet LoadFile(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path)) throw new InvalidOperationException($"{RelativePath}: filen saknas (avvikelseregler för loggkontroll).");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidOperationException($"{name}: ska vara en mappning med settings och rules.");
        var errors = new List<string>();
        var settings = ParseSettings(Child<YamlMappingNode>(root, "settings"), errors);
        var rules = new List<AnomalyRule>();
        if (Child<YamlSequenceNode>(root, "rules") is not { } list) errors.Add("rules saknas");
        else
            foreach (var node in list.Children.OfType<YamlMappingNode>())
                if (ParseRule(node, errors) is { } rule) rules.Add(rule);
        foreach (var dup in rules.GroupBy(r => r.Id).Where(g => g.Count() > 1)) errors.Add($"regel-id {dup.Key} finns flera gånger");
        if (errors.Count > 0)
            throw new InvalidOperationException($"{name}: " + string.Join("; ", errors));
        return new AnomalyRuleSet(rules, settings!);
    }

    private static AnomalyRule? ParseRule(YamlMappingNode node, List<string> errors)
    {
        var id = Scalar(node, "id");
        var where = $"rad {node.Start.Line}" + (id is null ? "" : $", regel {id}");
        var title = Scalar(node, "title");
        var explanation = Scalar(node, "explanation");
        var severity = Scalar(node, "severity");
        if (id is null || title is null || explanation is null)
        {
            errors.Add($"{where}: id, title och explanation krävs");
            return null;
        }

        if (severity is null || !Severities.Contains(severity)) errors.Add($"{where}: severity ska vara lag, medel eller hog");
        var conditions = new List<AnomalyCondition>();
        if (Child<YamlMappingNode>(node, "when") is not { } when || when.Children.Count == 0) errors.Add($"{where}: when saknas");
        else
            foreach (var (k, v) in when.Children)
            {
                var signal = ((YamlScalarNode)k).Value ?? "";
                if (!AnomalySignals.Types.TryGetValue(signal, out var type))
                {
                    errors.Add($"{where}: okänd signal '{signal}' (tillåtna: {string.Join(", ", AnomalySignals.Types.Keys)})");
                    continue;
                }

                if (ParseCondition(signal, type, v, where, errors) is { } c) conditions.Add(c);
            }

        var once = Scalar(node, "oncePer");
        if (once is not null && once != "actor-day") errors.Add($"{where}: oncePer kan bara vara actor-day");
        return new AnomalyRule(id, title, explanation, severity ?? "lag", conditions, once == "actor-day");
    }

    private static AnomalyCondition? ParseCondition(string signal, Type type, YamlNode value, string where, List<string> errors)
    {
        if (value is YamlScalarNode scalar)
        {
            var text = scalar.Value ?? "";
            if (type == typeof(bool) && text is not ("true" or "false")) errors.Add($"{where}: {signal} ska vara true eller false");
            if (type == typeof(double) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) errors.Add($"{where}: {signal} ska vara ett tal");
            return new AnomalyCondition(signal, text, null, null, null, null);
        }

        if (value is not YamlMappingNode map)
        {
            errors.Add($"{where}: {signal}: ange ett värde eller in/notIn/atLeast/atMost");
            return null;
        }

        IReadOnlyList<string>? inList = null, notIn = null;
        double? atLeast = null, atMost = null;
        foreach (var (k, v) in map.Children)
        {
            var op = ((YamlScalarNode)k).Value;
            switch (op)
            {
                case "in" or "notIn" when type == typeof(string) && v is YamlSequenceNode seq:
                    var values = seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList();
                    if (op == "in") inList = values;
                    else notIn = values;
                    break;
                case "atLeast" or "atMost" when type == typeof(double) && v is YamlScalarNode n
                    && double.TryParse(n.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                    if (op == "atLeast") atLeast = number;
                    else atMost = number;
                    break;
                default:
                    errors.Add($"{where}: {signal}: '{op}' passar inte signalens typ");
                    break;
            }
        }

        return new AnomalyCondition(signal, null, inList, notIn, atLeast, atMost);
    }

    private static AnomalySettings? ParseSettings(YamlMappingNode? node, List<string> errors)
    {
        if (node is null)
        {
            errors.Add("settings saknas");
            return null;
        }

        TimeOnly Time(string key, string fallback)
        {
            var text = Scalar(node, key) ?? fallback;
            if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
            errors.Add($"settings.{key} ska vara HH:mm");
            return TimeOnly.MinValue;
        }

        int Int(string key, int fallback, int min)
        {
            var text = Scalar(node, key);
            if (text is null) return fallback;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min) return v;
            errors.Add($"settings.{key} ska vara ett heltal ≥ {min}");
            return fallback;
        }

        var days = Child<YamlSequenceNode>(node, "workingDays")?.Children.OfType<YamlScalarNode>()
            .Select(s => int.TryParse(s.Value, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 7 ? (DayOfWeek)(d % 7) : (DayOfWeek?)null).ToList()
            ?? [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
        if (days.Any(d => d is null)) errors.Add("settings.workingDays: dagar 1 (måndag) till 7 (söndag)");
        var prefixes = Child<YamlSequenceNode>(node, "volumeActionPrefixes")?.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList()
            ?? ["case.", "item.", "actionplan."];
        return new AnomalySettings(Time("workdayStart", "07:00"), Time("workdayEnd", "18:00"), days.OfType<DayOfWeek>().ToHashSet(),
            TimeSpan.FromMinutes(Int("deniedWindowMinutes", 60, 1)), Int("volumeHistoryDays", 30, 1), prefixes, Int("sampleSize", 20, 1));
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

    private static T? Child<T>(YamlMappingNode node, string key) where T : YamlNode =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v as T : null;
}
