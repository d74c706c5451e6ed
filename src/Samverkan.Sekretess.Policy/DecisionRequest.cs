using Samverkan.Sekretess.Policy.Vocabulary;

namespace Samverkan.Sekretess.Policy;

/// <summary>
/// The attribute bag for one decision, bound to the closed vocabulary of the <see cref="PolicySet"/>
/// that created it. Values live in arrays indexed by the attribute's slot, so compiled conditions
/// read them without name lookups. An attribute that was never set is "missing": a permit that needs
/// it is not satisfied, a forbid that needs it makes the decision an error-deny.
/// </summary>
/// <remarks>Not thread-safe; build one per decision (or reuse it on one thread with <see cref="Clear"/>).</remarks>
public sealed class DecisionRequest
{
    // INVARIANT: Symbols[i] is the policy set's symbol id of Strings[i], or -1 when the value is
    // no literal of any policy (then it can equal only another request value, never a literal).
    internal readonly bool[] Present;
    internal readonly string?[] Strings;
    internal readonly int[] Symbols;
    internal readonly long[] Numbers;
    internal readonly HashSet<string>?[] Sets;

    internal DecisionRequest(PolicySet policySet)
    {
        PolicySet = policySet;
        var n = policySet.Vocabulary.Count;
        Present = new bool[n];
        Strings = new string?[n];
        Symbols = new int[n];
        Numbers = new long[n];
        Sets = new HashSet<string>?[n];
    }

    /// <summary>The policy set whose vocabulary this request uses.</summary>
    public PolicySet PolicySet { get; }

    /// <summary>Sets a string attribute.</summary>
    public DecisionRequest Set(string attribute, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slot = Slot(attribute, AttributeType.String);
        Strings[slot] = value;
        Symbols[slot] = PolicySet.Symbols.TryGetValue(value, out var id) ? id : -1;
        Present[slot] = true;
        return this;
    }

    /// <summary>Sets a bool attribute.</summary>
    public DecisionRequest Set(string attribute, bool value) => SetNumber(attribute, AttributeType.Bool, value ? 1 : 0);

    /// <summary>Sets an int attribute.</summary>
    public DecisionRequest Set(string attribute, long value) => SetNumber(attribute, AttributeType.Int, value);

    /// <summary>Sets a datetime attribute; compared as UTC instants.</summary>
    public DecisionRequest Set(string attribute, DateTimeOffset value) => SetNumber(attribute, AttributeType.DateTime, value.UtcTicks);

    /// <summary>Sets a set&lt;string&gt; attribute. Order and duplicates carry no meaning.</summary>
    public DecisionRequest Set(string attribute, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var slot = Slot(attribute, AttributeType.StringSet);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values) set.Add(v ?? throw new ArgumentException($"'{attribute}' innehåller null.", nameof(values)));
        Sets[slot] = set;
        Present[slot] = true;
        return this;
    }

    /// <summary>Whether <paramref name="attribute"/> has a value. Throws for a name outside the vocabulary.</summary>
    public bool IsSet(string attribute) => Present[Definition(attribute).Slot];

    /// <summary>Makes <paramref name="attribute"/> missing again.</summary>
    public DecisionRequest Remove(string attribute)
    {
        var slot = Definition(attribute).Slot;
        Present[slot] = false;
        Strings[slot] = null;
        Sets[slot] = null;
        return this;
    }

    /// <summary>Makes every attribute missing, so the request can be reused.</summary>
    public void Clear()
    {
        Array.Clear(Present);
        Array.Clear(Strings);
        Array.Clear(Sets);
    }

    private DecisionRequest SetNumber(string attribute, AttributeType type, long value)
    {
        var slot = Slot(attribute, type);
        Numbers[slot] = value;
        Present[slot] = true;
        return this;
    }

    private int Slot(string attribute, AttributeType type)
    {
        var def = Definition(attribute);
        if (def.Type != type)
            throw new ArgumentException($"Attributet '{attribute}' har typen {def.Type.Name()}, inte {type.Name()}.", nameof(attribute));
        return def.Slot;
    }

    private AttributeDefinition Definition(string attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return PolicySet.Vocabulary.TryGet(attribute, out var def)
            ? def
            : throw new ArgumentException($"Okänt attribut '{attribute}': det finns inte i policyuppsättningens vokabulär.", nameof(attribute));
    }
}
