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
    // One contiguous array, indexed by the attribute's slot: a decision touches one small object.
    internal readonly SlotValue[] Slots;

    internal DecisionRequest(PolicySet policySet)
    {
        PolicySet = policySet;
        Slots = new SlotValue[policySet.Vocabulary.Count];
    }

    /// <summary>The policy set whose vocabulary this request uses.</summary>
    public PolicySet PolicySet { get; }

    /// <summary>Sets a string attribute.</summary>
    public DecisionRequest Set(string attribute, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slot = Slot(attribute, AttributeType.String);
        Slots[slot] = new SlotValue { Present = true, String = value, Symbol = PolicySet.Symbols.TryGetValue(value, out var id) ? id : -1 };
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
        return Set(attribute, new StringSet(values));
    }

    /// <summary>Sets a set&lt;string&gt; attribute to a shared, immutable set (no copy).</summary>
    public DecisionRequest Set(string attribute, StringSet values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var slot = Slot(attribute, AttributeType.StringSet);
        Slots[slot] = new SlotValue { Present = true, Set = values.Values };
        return this;
    }

    /// <summary>Whether <paramref name="attribute"/> has a value. Throws for a name outside the vocabulary.</summary>
    public bool IsSet(string attribute) => Slots[Definition(attribute).Slot].Present;

    /// <summary>Makes <paramref name="attribute"/> missing again.</summary>
    public DecisionRequest Remove(string attribute)
    {
        Slots[Definition(attribute).Slot] = default;
        return this;
    }

    /// <summary>Makes every attribute missing, so the request can be reused.</summary>
    public void Clear() => Array.Clear(Slots);

    private DecisionRequest SetNumber(string attribute, AttributeType type, long value)
    {
        Slots[Slot(attribute, type)] = new SlotValue { Present = true, Number = value };
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

/// <summary>
/// One attribute value. INVARIANT: <see cref="Symbol"/> is the policy set's symbol id of
/// <see cref="String"/>, or -1 when the value is no literal of any policy (then it can equal only
/// another request value, never a literal). Bools, ints and datetimes (UTC ticks) use <see cref="Number"/>.
/// </summary>
internal struct SlotValue
{
    public string? String;
    public HashSet<string>? Set;
    public long Number;
    public int Symbol;
    public bool Present;
}
