using System.Globalization;
using Samverkan.Sekretess.Policy.Language;
using Samverkan.Sekretess.Policy.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>
/// Type-checks condition lines against the closed vocabulary and compiles them to delegates.
/// Every problem is reported with file:line; nothing unknown is ever compiled to a silent false.
/// </summary>
internal sealed class ConditionCompiler(AttributeVocabulary vocabulary, SymbolTable symbols)
{
    private readonly Dictionary<Condition, int> _cost = [];
    private readonly Dictionary<Condition, Guard> _guards = [];
    private readonly Dictionary<Condition, Guard[]> _listGuards = [];

    private readonly HashSet<Condition> _fullyGuarded = [];

    /// <summary>The guards of a compiled top-level list: its direct guardable tests.</summary>
    public Guard[] GuardsOf(Condition? list) => list is not null && _listGuards.TryGetValue(list, out var g) ? g : [];

    /// <summary>True when every direct part of the list is a guard, so passing guards mean the list is true.</summary>
    public bool IsFullyGuarded(Condition? list) => list is not null && _fullyGuarded.Contains(list);

    private const int MaxDepth = 8;

    /// <summary>Compiles a list of conditions (a YAML sequence) as a conjunction.</summary>
    public Condition? CompileList(YamlFile file, YamlNode node, string what, HashSet<string> referenced, int depth = 0)
    {
        var parts = CompileParts(file, node, what, referenced, depth);
        if (parts is null) return null;
        var all = Combinators.All(parts);
        // Cheapest first (parts are already cost-ordered), so the inline loop exits early too.
        _listGuards[all] = [.. parts.Where(_guards.ContainsKey).Select(p => _guards[p])];
        if (parts.All(_guards.ContainsKey)) _fullyGuarded.Add(all);
        return all;
    }

    private Condition[]? CompileParts(YamlFile file, YamlNode node, string what, HashSet<string> referenced, int depth)
    {
        if (node is not YamlSequenceNode seq)
        {
            file.Error(node, $"'{what}' måste vara en lista med villkor");
            return null;
        }

        if (seq.Children.Count == 0)
        {
            file.Error(node, $"'{what}' är tom: en regel måste ha minst ett villkor");
            return null;
        }

        var parts = seq.Children.Select(item => CompileNode(file, item, referenced, depth)).ToArray();
        if (parts.Any(p => p is null)) return null;
        // Cheapest first, so a false int comparison short-circuits before any hash lookup.
        return [.. parts.Select(p => p!).OrderBy(Cost)];
    }

    private int Cost(Condition c) => _cost.GetValueOrDefault(c, 1);

    private Condition Register(Condition c, int cost)
    {
        _cost[c] = cost;
        return c;
    }

    private Condition? CompileNode(YamlFile file, YamlNode node, HashSet<string> referenced, int depth)
    {
        if (depth > MaxDepth)
        {
            file.Error(node, $"villkoren är nästlade djupare än {MaxDepth} nivåer");
            return null;
        }

        if (node is YamlScalarNode scalar)
            return CompileAtom(file, scalar, referenced);

        if (node is YamlMappingNode map && map.Children.Count == 1)
        {
            var (key, value) = map.Children.First();
            switch ((key as YamlScalarNode)?.Value)
            {
                case "all":
                    var all = CompileParts(file, value, "all", referenced, depth + 1);
                    return all is null ? null : Register(Combinators.All(all), all.Sum(Cost));
                case "any":
                    var any = CompileParts(file, value, "any", referenced, depth + 1);
                    return any is null ? null : Register(Combinators.Any(any), any.Sum(Cost));
                case "not":
                    var inner = value is YamlSequenceNode
                        ? CompileList(file, value, "not", referenced, depth + 1)
                        : CompileNode(file, value, referenced, depth + 1);
                    return inner is null ? null : Register(Combinators.Not(inner), Cost(inner));
            }
        }

        file.Error(node, "ett villkor är antingen en rad text eller en av 'all:', 'any:', 'not:' med villkor under");
        return null;
    }

    private Condition? CompileAtom(YamlFile file, YamlScalarNode node, HashSet<string> referenced)
    {
        var text = node.Value ?? "";
        var tokens = ConditionTokenizer.Tokenize(text, out var tokenError);
        if (tokens is null || tokens.Count == 0)
        {
            file.Error(node, tokenError is null ? "tomt villkor" : $"'{text}': {tokenError}");
            return null;
        }

        var atom = new AtomParser(this, file, node, text, tokens, referenced);
        if (atom.Compile() is not { } compiled) return null;
        if (atom.Guard is { } guard) _guards[compiled] = guard;
        return Register(compiled, atom.Cost);
    }

    internal AttributeVocabulary Vocabulary => vocabulary;

    internal SymbolTable Symbols => symbols;

    /// <summary>Parses one literal into the slot representation of <paramref name="type"/>.</summary>
    internal static bool TryParseNumber(AttributeType type, string text, out long value)
    {
        value = 0;
        switch (type)
        {
            case AttributeType.Int:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            case AttributeType.Bool:
                if (text is "true") { value = 1; return true; }
                return text is "false";
            case AttributeType.DateTime:
                if (!TryParseDateTime(text, out var dt)) return false;
                value = dt.UtcTicks;
                return true;
            default:
                return false;
        }
    }

    internal static bool TryParseDateTime(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(
            text,
            ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mmK"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);
}
