using Samverkan.Sekretess.Policy.Compilation;
using Samverkan.Sekretess.Policy.Grounds;
using Samverkan.Sekretess.Policy.Labels;
using Samverkan.Sekretess.Policy.Language;
using Samverkan.Sekretess.Policy.Vocabulary;

namespace Samverkan.Sekretess.Policy;

/// <summary>
/// A validated, compiled and immutable set of policies: the vocabulary, the legal-ground catalogue
/// and the rules, indexed by action. Safe to share between threads.
/// </summary>
public sealed class PolicySet
{
    private readonly RuleGroup?[] _groupsByActionSymbol;

    internal PolicySet(
        string version,
        AttributeVocabulary vocabulary,
        IReadOnlyDictionary<string, LegalGround> grounds,
        IReadOnlyList<CompiledRule> rules,
        IReadOnlyDictionary<string, int> symbols,
        SecrecyLabels? labels = null)
    {
        Labels = labels ?? SecrecyLabels.Empty;
        Version = version;
        Vocabulary = vocabulary;
        LegalGrounds = grounds;
        CompiledRules = rules;
        Symbols = symbols;
        vocabulary.TryGet("action", out var action);
        ActionSlot = action!.Slot;
        DefaultDeny = new Decision(Effect.Deny, [], null, [], version, []);
        RuleIds = [.. rules.Select(r => r.Id)];
        Rules = [.. rules.Select(r => new RuleInfo(
            r.Id, r.Effect, r.Actions, r.LegalBasis, r.Provision, r.Description, r.Obligations, r.ConditionText, r.File, r.Line))];
        Attributes = [.. vocabulary.Attributes.Select(a => new AttributeInfo(a.Name, a.Type.Name(), a.Description, a.AllowedValues))];

        _groupsByActionSymbol = new RuleGroup?[symbols.Count];
        foreach (var byAction in rules.SelectMany(r => r.Actions.Select(a => (Action: a, Rule: r))).GroupBy(x => x.Action, StringComparer.Ordinal))
            _groupsByActionSymbol[symbols[byAction.Key]] = new RuleGroup(byAction.Select(x => x.Rule), version);
    }

    /// <summary><c>sha256:&lt;hex&gt;</c> over the canonical contents of the files that affect decisions.</summary>
    public string Version { get; }

    /// <summary>The legal-ground catalogue, by key.</summary>
    public IReadOnlyDictionary<string, LegalGround> LegalGrounds { get; }

    /// <summary>Secrecy labels per category and the recipient regimes (policies/labels.yaml).</summary>
    public SecrecyLabels Labels { get; }

    /// <summary>Every rule id, sorted.</summary>
    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>Every rule, sorted by id, in reviewer form.</summary>
    public IReadOnlyList<RuleInfo> Rules { get; }

    /// <summary>The closed attribute vocabulary.</summary>
    public IReadOnlyList<AttributeInfo> Attributes { get; }

    internal AttributeVocabulary Vocabulary { get; }

    internal IReadOnlyList<CompiledRule> CompiledRules { get; }

    internal IReadOnlyDictionary<string, int> Symbols { get; }

    internal int ActionSlot { get; }

    internal Decision DefaultDeny { get; }

    /// <summary>Loads, validates and compiles a policy directory; throws <see cref="PolicyValidationException"/> listing all errors.</summary>
    public static PolicySet LoadDirectory(string directory) => PolicyLoader.LoadDirectory(directory);

    /// <summary>A new, empty attribute bag bound to this set's closed vocabulary.</summary>
    public DecisionRequest NewRequest() => new(this);

    internal RuleGroup? GroupFor(DecisionRequest request)
    {
        var symbol = request.Slots[ActionSlot].Symbol;
        return (uint)symbol < (uint)_groupsByActionSymbol.Length ? _groupsByActionSymbol[symbol] : null;
    }

    internal Decision ErrorDeny(string error) => new(Effect.Deny, [], null, [], Version, [error]);
}
