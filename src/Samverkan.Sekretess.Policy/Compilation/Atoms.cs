namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>
/// Factories for the compiled leaf conditions. Every atom returns <see cref="Tri.Unknown"/> when an
/// attribute it reads is missing; "exists"/"missing" are the only atoms that look at presence itself.
/// </summary>
internal static class Atoms
{
    public static Tri Of(bool value) => value ? Tri.True : Tri.False;

    public static Condition BoolIs(int slot, bool expected) =>
        r => r.Slots[slot].Present ? Of((r.Slots[slot].Number != 0) == expected) : Tri.Unknown;

    public static Condition Exists(int slot, bool wantPresent) =>
        r => Of(r.Slots[slot].Present == wantPresent);

    // INVARIANT: literal symbols are >= 0, so an uninterned request value (-1) never equals a literal.
    public static Condition StringEqualsLiteral(int slot, int symbol, bool negate) =>
        r => r.Slots[slot].Present ? Of((r.Slots[slot].Symbol == symbol) != negate) : Tri.Unknown;

    public static Condition StringEqualsAttribute(int a, int b, bool negate) =>
        r => r.Slots[a].Present && r.Slots[b].Present ? Of(SameString(r, a, b) != negate) : Tri.Unknown;

    public static Condition StringInLiterals(int slot, int[] symbols, bool negate) =>
        r => r.Slots[slot].Present ? Of((Array.IndexOf(symbols, r.Slots[slot].Symbol) >= 0) != negate) : Tri.Unknown;

    public static Condition SetContainsLiteral(int set, string literal, bool negate) =>
        r => r.Slots[set].Present ? Of(r.Slots[set].Set!.Contains(literal) != negate) : Tri.Unknown;

    public static Condition SetContainsAttribute(int set, int str, bool negate) =>
        r => r.Slots[set].Present && r.Slots[str].Present ? Of(r.Slots[set].Set!.Contains(r.Slots[str].String!) != negate) : Tri.Unknown;

    public static Condition SetContainsAllLiterals(int set, string[] literals, bool negate) =>
        r => r.Slots[set].Present ? Of(ContainsAll(r.Slots[set].Set!, literals) != negate) : Tri.Unknown;

    public static Condition SetContainsAnyLiteral(int set, string[] literals, bool negate) =>
        r => r.Slots[set].Present ? Of(ContainsAny(r.Slots[set].Set!, literals) != negate) : Tri.Unknown;

    public static Condition SetContainsAllOf(int set, int other, bool negate) =>
        r => r.Slots[set].Present && r.Slots[other].Present ? Of(r.Slots[set].Set!.IsSupersetOf(r.Slots[other].Set!) != negate) : Tri.Unknown;

    public static Condition SetContainsAnyOf(int set, int other, bool negate) =>
        r => r.Slots[set].Present && r.Slots[other].Present ? Of(r.Slots[set].Set!.Overlaps(r.Slots[other].Set!) != negate) : Tri.Unknown;

    public static Condition CompareLiteral(int slot, Comparison op, long literal) =>
        r => r.Slots[slot].Present ? Of(Compare(r.Slots[slot].Number, op, literal)) : Tri.Unknown;

    public static Condition CompareAttribute(int a, Comparison op, int b) =>
        r => r.Slots[a].Present && r.Slots[b].Present ? Of(Compare(r.Slots[a].Number, op, r.Slots[b].Number)) : Tri.Unknown;

    public static bool Compare(long x, Comparison op, long y) => op switch
    {
        Comparison.Eq => x == y,
        Comparison.Ne => x != y,
        Comparison.Lt => x < y,
        Comparison.Le => x <= y,
        Comparison.Gt => x > y,
        _ => x >= y,
    };

    private static bool SameString(DecisionRequest r, int a, int b)
    {
        var sa = r.Slots[a].Symbol;
        return sa >= 0 && sa == r.Slots[b].Symbol || string.Equals(r.Slots[a].String, r.Slots[b].String, StringComparison.Ordinal);
    }

    private static bool ContainsAll(HashSet<string> set, string[] values)
    {
        foreach (var v in values) if (!set.Contains(v)) return false;
        return true;
    }

    private static bool ContainsAny(HashSet<string> set, string[] values)
    {
        foreach (var v in values) if (set.Contains(v)) return true;
        return false;
    }
}
