namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>
/// Factories for the compiled leaf conditions. Every atom returns <see cref="Tri.Unknown"/> when an
/// attribute it reads is missing; "exists"/"missing" are the only atoms that look at presence itself.
/// </summary>
internal static class Atoms
{
    public static Tri Of(bool value) => value ? Tri.True : Tri.False;

    public static Condition BoolIs(int slot, bool expected) =>
        r => r.Present[slot] ? Of((r.Numbers[slot] != 0) == expected) : Tri.Unknown;

    public static Condition Exists(int slot, bool wantPresent) =>
        r => Of(r.Present[slot] == wantPresent);

    // INVARIANT: literal symbols are >= 0, so an uninterned request value (-1) never equals a literal.
    public static Condition StringEqualsLiteral(int slot, int symbol, bool negate) =>
        r => r.Present[slot] ? Of((r.Symbols[slot] == symbol) != negate) : Tri.Unknown;

    public static Condition StringEqualsAttribute(int a, int b, bool negate) =>
        r => r.Present[a] && r.Present[b] ? Of(SameString(r, a, b) != negate) : Tri.Unknown;

    public static Condition StringInLiterals(int slot, int[] symbols, bool negate) =>
        r => r.Present[slot] ? Of((Array.IndexOf(symbols, r.Symbols[slot]) >= 0) != negate) : Tri.Unknown;

    public static Condition SetContainsLiteral(int set, string literal, bool negate) =>
        r => r.Present[set] ? Of(r.Sets[set]!.Contains(literal) != negate) : Tri.Unknown;

    public static Condition SetContainsAttribute(int set, int str, bool negate) =>
        r => r.Present[set] && r.Present[str] ? Of(r.Sets[set]!.Contains(r.Strings[str]!) != negate) : Tri.Unknown;

    public static Condition SetContainsAllLiterals(int set, string[] literals, bool negate) =>
        r => r.Present[set] ? Of(ContainsAll(r.Sets[set]!, literals) != negate) : Tri.Unknown;

    public static Condition SetContainsAnyLiteral(int set, string[] literals, bool negate) =>
        r => r.Present[set] ? Of(ContainsAny(r.Sets[set]!, literals) != negate) : Tri.Unknown;

    public static Condition SetContainsAllOf(int set, int other, bool negate) =>
        r => r.Present[set] && r.Present[other] ? Of(r.Sets[set]!.IsSupersetOf(r.Sets[other]!) != negate) : Tri.Unknown;

    public static Condition SetContainsAnyOf(int set, int other, bool negate) =>
        r => r.Present[set] && r.Present[other] ? Of(r.Sets[set]!.Overlaps(r.Sets[other]!) != negate) : Tri.Unknown;

    public static Condition CompareLiteral(int slot, Comparison op, long literal) =>
        r => r.Present[slot] ? Of(Compare(r.Numbers[slot], op, literal)) : Tri.Unknown;

    public static Condition CompareAttribute(int a, Comparison op, int b) =>
        r => r.Present[a] && r.Present[b] ? Of(Compare(r.Numbers[a], op, r.Numbers[b])) : Tri.Unknown;

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
        var sa = r.Symbols[a];
        return sa >= 0 && sa == r.Symbols[b] || string.Equals(r.Strings[a], r.Strings[b], StringComparison.Ordinal);
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
