using Samverkan.Sekretess.Policy.Compilation;
using Samverkan.Sekretess.Policy.Grounds;
using Samverkan.Sekretess.Policy.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Policy.Language;

/// <summary>Reads one <c>*.policy.yaml</c> file, validates every rule and compiles its conditions.</summary>
internal sealed class RuleLoader(
    AttributeVocabulary vocabulary,
    IReadOnlyDictionary<string, LegalGround> grounds,
    ConditionCompiler compiler)
{
    private static readonly string[] RuleKeys =
        ["id", "effect", "actions", "legalBasis", "provision", "description", "when", "unless", "obligations"];

    public IEnumerable<CompiledRule> Load(YamlFile file)
    {
        file.CheckKeys(file.Root, "rules");
        if (YamlFile.Get(file.Root, "rules") is not YamlSequenceNode rules || rules.Children.Count == 0)
        {
            file.Error(file.Root, "'rules' saknas eller är tom");
            yield break;
        }

        foreach (var node in rules.Children)
        {
            if (node is not YamlMappingNode rule) file.Error(node, "varje regel måste vara en mappning");
            else if (LoadRule(file, rule) is { } compiled) yield return compiled;
        }
    }

    private CompiledRule? LoadRule(YamlFile file, YamlMappingNode rule)
    {
        var errorsBefore = file.Errors.Errors.Count;
        file.CheckKeys(rule, RuleKeys);
        var id = file.Scalar(rule, "id", required: true) ?? "";
        if (id.Length > 0 && !IsValidId(id)) file.Error(rule, $"ogiltigt regel-id '{id}' (bokstäver, siffror, '-' och '_')");

        var effectText = file.Scalar(rule, "effect", required: true);
        var effect = effectText switch { "permit" => Effect.Permit, "forbid" => Effect.Deny, _ => (Effect?)null };
        if (effectText is not null && effect is null) file.Error(YamlFile.Get(rule, "effect")!, $"'effect' måste vara permit eller forbid, inte '{effectText}'");

        var actions = Actions(file, rule);
        var legalBasis = file.Scalar(rule, "legalBasis", required: false);
        var provision = file.Scalar(rule, "provision", required: false);
        if (legalBasis is not null && !grounds.ContainsKey(legalBasis))
            file.Error(YamlFile.Get(rule, "legalBasis")!, $"okänd rättslig grund '{legalBasis}' (finns inte i legal-grounds.yaml)");
        if (legalBasis is null && (effect == Effect.Permit || provision is null))
            file.Error(rule, effect == Effect.Permit
                ? "en permit-regel måste ange 'legalBasis' (nyckel i legal-grounds.yaml)"
                : "regeln måste ange 'legalBasis' eller 'provision' (lagrum)");
        var description = file.Scalar(rule, "description", required: true) ?? "";

        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var whenNode = YamlFile.Get(rule, "when");
        var unlessNode = YamlFile.Get(rule, "unless");
        if (whenNode is null && unlessNode is null) file.Error(rule, "regeln saknar villkor ('when' och/eller 'unless')");
        var when = whenNode is null ? null : compiler.CompileList(file, whenNode, "when", referenced);
        var unless = unlessNode is null ? null : compiler.CompileList(file, unlessNode, "unless", referenced);
        var obligations = Obligations(file, rule);
        var ground = legalBasis is not null && grounds.TryGetValue(legalBasis, out var g) ? g : null;
        if (ground is not null && effect == Effect.Permit)
        {
            // A permit on a ground must test every precondition the catalogue lists for that ground.
            foreach (var missing in ground.RequiredAttributes.Where(a => !referenced.Contains(a)))
                file.Error(rule, $"regeln bygger på {ground.Key} men prövar inte '{missing}' (krävs av grunden i legal-grounds.yaml)");
        }

        if (ground is not null && effect == Effect.Permit && actions.Contains("item.disclose")
            && ground.AnteckningRequired != obligations.Any(o => o.Kind == "anteckning"))
        {
            // The catalogue and the rule must agree on the OSF 5 § note: one place says it, the other must not contradict it.
            file.Error(rule, ground.AnteckningRequired
                ? $"grunden {ground.Key} kräver anteckning (legal-grounds.yaml) men regeln saknar skyldigheten 'anteckning'"
                : $"regeln kräver anteckning men grunden {ground.Key} gör det inte enligt legal-grounds.yaml");
        }

        if (file.Errors.Errors.Count != errorsBefore || effect is null || (when is null && unless is null)) return null;
        return new CompiledRule(
            id, effect.Value, actions, legalBasis, provision, description, obligations,
            WithValidity(Combinators.WhenUnless(when, unless), effect.Value == Effect.Permit ? ground : null, referenced),
            compiler.GuardsOf(when),
            // Guards alone decide "true" only when nothing else (unless, ground validity) is attached.
            unless is null && (effect.Value != Effect.Permit || ground is null || (ground.ValidFrom is null && ground.ValidTo is null)) && compiler.IsFullyGuarded(when),
            [.. referenced.Order(StringComparer.Ordinal)],
            [.. Text(whenNode, "när"), .. Text(unlessNode, "utom när")],
            file.Name, ErrorSink.Line(rule));
    }

    /// <summary>
    /// A permit only holds while its ground is in force (catalogue validFrom/validTo), judged at
    /// <c>context.now</c>; a missing time leaves the permit unsatisfied.
    /// </summary>
    private Condition WithValidity(Condition condition, LegalGround? ground, HashSet<string> referenced)
    {
        if (ground is null || (ground.ValidFrom is null && ground.ValidTo is null)) return condition;
        if (!vocabulary.TryGet("context.now", out var now) || now.Type != AttributeType.DateTime) return condition;
        referenced.Add(now.Name);
        var parts = new List<Condition> { condition };
        if (ground.ValidFrom is { } from)
            parts.Add(Atoms.CompareLiteral(now.Slot, Comparison.Ge, Ticks(from)));
        if (ground.ValidTo is { } to)
            parts.Add(Atoms.CompareLiteral(now.Slot, Comparison.Lt, Ticks(to.AddDays(1))));
        return Combinators.All([.. parts]);
    }

    private static long Ticks(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).UtcTicks;

    private List<string> Actions(YamlFile file, YamlMappingNode rule)
    {
        var list = file.ScalarList(rule, "actions", required: true) ?? [];
        if (list.Count == 0 && YamlFile.Get(rule, "actions") is { } empty) file.Error(empty, "'actions' är tom");
        vocabulary.TryGet("action", out var action);
        foreach (var (value, node) in list.Where(a => action?.AllowedValues?.Contains(a.Value) == false))
            file.Error(node, $"okänd handling '{value}' (tillåtna: {string.Join(", ", action!.AllowedValues!)})");
        return [.. list.Select(a => a.Value).Distinct(StringComparer.Ordinal)];
    }

    private List<Obligation> Obligations(YamlFile file, YamlMappingNode rule)
    {
        var result = new List<Obligation>();
        if (YamlFile.Get(rule, "obligations") is not { } node) return result;
        if (node is not YamlSequenceNode seq)
        {
            file.Error(node, "'obligations' måste vara en lista");
            return result;
        }

        foreach (var item in seq.Children)
        {
            string? kind = null, argument = null;
            if (item is YamlScalarNode s && s.Value is not null)
            {
                var colon = s.Value.IndexOf(':', StringComparison.Ordinal);
                (kind, argument) = colon < 0 ? (s.Value, null) : (s.Value[..colon], s.Value[(colon + 1)..]);
            }
            else if (item is YamlMappingNode m && m.Children.Count == 1 && m.Children.First().Value is YamlScalarNode arg)
            {
                (kind, argument) = (YamlFile.KeyText(m.Children.First().Key), arg.Value);
            }

            if (kind is null || !vocabulary.Obligations.TryGetValue(kind, out var def))
            {
                file.Error(item, $"okänd skyldighet '{kind ?? item.ToString()}' (tillåtna: {string.Join(", ", vocabulary.Obligations.Keys)})");
                continue;
            }

            if (def.ArgumentRequired != (argument is not null))
                file.Error(item, def.ArgumentRequired ? $"'{kind}' kräver ett argument, t.ex. '{kind}:fält'" : $"'{kind}' tar inget argument");
            result.Add(new Obligation(kind, argument));
        }

        return result;
    }

    private static IEnumerable<string> Text(YamlNode? node, string prefix) =>
        node is null ? [] : [$"{prefix}: {Render(node)}"];

    private static string Render(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq => string.Join(" OCH ", seq.Children.Select(Render)),
        YamlMappingNode m when m.Children.Count == 1 => YamlFile.KeyText(m.Children.First().Key) switch
        {
            "any" => "(" + string.Join(" ELLER ", ((YamlSequenceNode)m.Children.First().Value).Children.Select(Render)) + ")",
            "not" => "INTE (" + Render(m.Children.First().Value) + ")",
            _ => "(" + Render(m.Children.First().Value) + ")",
        },
        _ => node.ToString(),
    };

    private static bool IsValidId(string id) =>
        char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
