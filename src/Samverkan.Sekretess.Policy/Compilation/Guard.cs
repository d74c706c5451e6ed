using System.Runtime.CompilerServices;

namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>What a guard tests.</summary>
internal enum GuardKind : byte
{
    Equals,
    NotEquals,
    In,
    NotIn,
    IsTrue,
    IsFalse,
    AttributeEquals,
    AttributeNotEquals,
    SetContainsAttribute,
    SetNotContainsAttribute,
    Compare,
}

/// <summary>
/// A top-level test of a rule's <c>when</c> list, checked inline in the rule loop before (and often
/// instead of) the rule's compiled delegate. <see cref="Check"/> answers Fail, Pass or Undecided;
/// a missing attribute or a value that is no policy literal is always Undecided, so the full compiled
/// condition then decides, including the unknown/error case.
/// INVARIANT: Fail implies the compiled atom is false, Pass implies it is true.
/// </summary>
internal readonly record struct Guard(int Slot, GuardKind Kind, int Other, int[]? Symbols, Comparison Op = Comparison.Eq, long Number = 0)
{
    public const int Fail = 0;
    public const int Pass = 1;
    public const int Undecided = 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Check(DecisionRequest r)
    {
        var slots = r.Slots;
        ref readonly var v = ref slots[Slot];
        if (!v.Present) return Undecided;
        switch (Kind)
        {
            case GuardKind.Equals: return Of(v.Symbol == Other);
            case GuardKind.NotEquals: return Of(v.Symbol != Other);
            case GuardKind.In: return Of(Array.IndexOf(Symbols!, v.Symbol) >= 0);
            case GuardKind.NotIn: return Of(Array.IndexOf(Symbols!, v.Symbol) < 0);
            case GuardKind.IsTrue: return Of(v.Number != 0);
            case GuardKind.IsFalse: return Of(v.Number == 0);
            case GuardKind.Compare: return Of(Atoms.Compare(v.Number, Op, Number));
        }

        ref readonly var w = ref slots[Other];
        if (!w.Present) return Undecided;
        switch (Kind)
        {
            case GuardKind.AttributeEquals or GuardKind.AttributeNotEquals:
                if (v.Symbol < 0 || w.Symbol < 0) return Undecided;   // free-text values: the full string comparison decides
                return Of((v.Symbol == w.Symbol) == (Kind == GuardKind.AttributeEquals));
            case GuardKind.SetContainsAttribute: return Of(v.Set!.Contains(w.String!));
            default: return Of(!v.Set!.Contains(w.String!));
        }
    }

    /// <summary>Fail if any guard fails; Pass if all pass; otherwise Undecided.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CheckAll(Guard[] guards, DecisionRequest r)
    {
        var result = Pass;
        foreach (var g in guards)
        {
            var c = g.Check(r);
            if (c == Fail) return Fail;
            if (c == Undecided) result = Undecided;
        }

        return result;
    }

    private static int Of(bool pass) => pass ? Pass : Fail;
}
