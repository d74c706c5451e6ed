using System.Reflection;
using System.Text.RegularExpressions;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Core.Tests.Access;

/// <summary>
/// The typed names of the one door (<see cref="Actions"/>, <see cref="ResourceTypes"/>, <see cref="PolicyAttributes"/>) are
/// exactly policies/schema/vocabulary.yaml, in both directions, and Core names actions and attributes only through them: a
/// misspelt or forgotten name would otherwise be a silent default deny (or an exception at the first request), not a build error.
/// </summary>
public sealed partial class VocabularyConstantsTests
{
    // The app's own lookup (walking up from the binaries), so the test reads the very folder the app would load.
    private static readonly string Policies = PolicyProvider.ResolveDirectory("policies");
    private static readonly string CoreSource = Path.Combine(Path.GetDirectoryName(Policies)!, "src", "Samverkan.Sekretess.Core");
    private static readonly YamlMappingNode Vocabulary = LoadAttributes();

    /// <summary>The two files that may spell the names out: the constants themselves.</summary>
    private static readonly string[] Definitions = ["Access/Actions.cs", "Access/PolicyAttributes.cs"];

    /// <summary>
    /// TRANSITION ONLY: files of services not yet moved to <c>AccessGateway.AuthorizeAsync</c> (or the transition toolkit
    /// itself), which still spell actions and attributes as strings. Each entry goes when its file is converted (the lead
    /// empties the list); <see cref="Allowlist_NamesOnlyFilesThatStillSpellNamesOut"/> fails for an entry that is no longer needed.
    /// A file not listed here that spells a name out is a regression.
    /// </summary>
    private static readonly string[] NotYetConverted = [];

    [Fact]
    public void Actions_AreExactlyTheVocabularysActions()
    {
        var names = Actions.All.Select(a => a.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        AssertSameNames("action values", ValuesOf("action"), names);
    }

    [Fact]
    public void ResourceTypes_AreExactlyTheVocabularysResourceTypes() =>
        AssertSameNames("resource.type values", ValuesOf(PolicyAttributes.ResourceType), ConstantsOf(typeof(ResourceTypes)));

    [Fact]
    public void PolicyAttributes_AreExactlyTheVocabularysAttributesBesidesAction()
    {
        // 'action' has no constant: PolicyAction types it, and the gateway sets it in one place from a PolicyAction.
        var attributes = AttributeNames().Where(a => a != "action").ToList();

        AssertSameNames("attributes", attributes, ConstantsOf(typeof(PolicyAttributes)));
    }

    [Fact]
    public void CoreSource_NamesActionsAndAttributesOnlyThroughTheConstants()
    {
        var violations = Scan().Where(v => !NotYetConverted.Contains(v.File, StringComparer.Ordinal)).Select(v => v.ToString()).ToList();

        Assert.True(violations.Count == 0,
            "Use Actions.*, PolicyAttributes.* and ResourceTypes.* instead of string literals:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Allowlist_NamesOnlyFilesThatStillSpellNamesOut()
    {
        var spelling = Scan().Select(v => v.File).ToHashSet(StringComparer.Ordinal);

        var stale = NotYetConverted.Where(f => !spelling.Contains(f)).ToList();

        Assert.True(stale.Count == 0, "Converted (or gone): remove from NotYetConverted:\n" + string.Join("\n", stale));
    }

    private sealed record Violation(string File, int Line, string Literal, string Why)
    {
        public override string ToString() => $"{File}:{Line}: \"{Literal}\" ({Why})";
    }

    /// <summary>
    /// Every literal in Core (outside the definitions) that is a vocabulary action anywhere in code, an attribute as the name
    /// argument of <c>.Set(</c>, or a resource type as the value of <c>.Set(resource.type, …)</c>. Comments do not count.
    /// </summary>
    private static List<Violation> Scan()
    {
        var actions = ValuesOf("action").ToHashSet(StringComparer.Ordinal);
        // 'action' itself is left out: the gateway sets it in one place from a PolicyAction, and the word is also a
        // log-review signal name (AnomalyRule.Action) that has nothing to do with a decision request.
        var attributes = AttributeNames().Where(a => a != "action").ToHashSet(StringComparer.Ordinal);
        var types = ValuesOf(PolicyAttributes.ResourceType).ToHashSet(StringComparer.Ordinal);
        var result = new List<Violation>();
        foreach (var path in Directory.EnumerateFiles(CoreSource, "*.cs", SearchOption.AllDirectories))
        {
            var file = Path.GetRelativePath(CoreSource, path).Replace('\\', '/');
            if (file.StartsWith("bin/", StringComparison.Ordinal) || file.StartsWith("obj/", StringComparison.Ordinal) || Definitions.Contains(file)) continue;
            var (literals, code) = CSharpLiterals.Scan(File.ReadAllText(path));
            foreach (var l in literals)
            {
                var before = code[Math.Max(0, l.Start - 200)..l.Start];
                if (actions.Contains(l.Value)) result.Add(new Violation(file, l.Line, l.Value, "action: Actions.*"));
                else if (attributes.Contains(l.Value) && SetName().IsMatch(before)) result.Add(new Violation(file, l.Line, l.Value, "attribute: PolicyAttributes.*"));
                else if (types.Contains(l.Value) && SetResourceType().IsMatch(before)) result.Add(new Violation(file, l.Line, l.Value, "resource type: ResourceTypes.*"));
            }
        }

        return result;
    }

    [GeneratedRegex(@"\.Set\(\s*$")]
    private static partial Regex SetName();

    [GeneratedRegex(@"\.Set\(\s*(PolicyAttributes\.ResourceType|""resource\.type"")\s*,\s*$")]
    private static partial Regex SetResourceType();

    private static void AssertSameNames(string what, IEnumerable<string> vocabulary, IEnumerable<string> constants)
    {
        var inVocabulary = vocabulary.ToHashSet(StringComparer.Ordinal);
        var inCode = constants.ToHashSet(StringComparer.Ordinal);
        var missing = inVocabulary.Except(inCode).Order(StringComparer.Ordinal).ToList();
        var extra = inCode.Except(inVocabulary).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"The vocabulary's {what} and the constants differ.\nIn the vocabulary only: {string.Join(", ", missing)}\nIn the constants only: {string.Join(", ", extra)}");
    }

    /// <summary>The values of every <c>const string</c> of a class, public or not.</summary>
    private static IEnumerable<string> ConstantsOf(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static IEnumerable<string> AttributeNames() => Vocabulary.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!);

    private static IEnumerable<string> ValuesOf(string attribute)
    {
        var definition = (YamlMappingNode)Vocabulary.Children[new YamlScalarNode(attribute)];
        return ((YamlSequenceNode)definition.Children[new YamlScalarNode("values")]).Children.Cast<YamlScalarNode>().Select(v => v.Value!);
    }

    private static YamlMappingNode LoadAttributes()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(Policies, "schema", "vocabulary.yaml"))) yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("attributes")];
    }
}
