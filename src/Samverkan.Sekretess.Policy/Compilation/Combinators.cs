namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>Kleene AND / OR / NOT over compiled conditions.</summary>
internal static class Combinators
{
    public static Condition All(Condition[] parts) => parts.Length == 1 ? parts[0] : r =>
    {
        var result = Tri.True;
        foreach (var part in parts)
        {
            var t = part(r);
            if (t == Tri.False) return Tri.False;   // false wins regardless of unknowns: order-independent
            if (t == Tri.Unknown) result = Tri.Unknown;
        }

        return result;
    };

    public static Condition Any(Condition[] parts) => parts.Length == 1 ? parts[0] : r =>
    {
        var result = Tri.False;
        foreach (var part in parts)
        {
            var t = part(r);
            if (t == Tri.True) return Tri.True;
            if (t == Tri.Unknown) result = Tri.Unknown;
        }

        return result;
    };

    public static Condition Not(Condition part) => r => Negate(part(r));

    public static Tri Negate(Tri t) => t switch
    {
        Tri.True => Tri.False,
        Tri.False => Tri.True,
        _ => Tri.Unknown,
    };

    /// <summary>A rule applies when all of <paramref name="when"/> hold and not all of <paramref name="unless"/> hold.</summary>
    public static Condition WhenUnless(Condition? when, Condition? unless)
    {
        if (unless is null) return when!;
        if (when is null) return Not(unless);
        return All([when, Not(unless)]);
    }
}
