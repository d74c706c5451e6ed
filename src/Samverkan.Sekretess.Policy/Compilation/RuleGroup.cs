using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>
/// The rules that apply to one action, split by effect and sorted by id. Decisions are a pure
/// function of which rules were satisfied, so they are cached by that bit mask: after warm-up a
/// decision allocates nothing.
/// </summary>
internal sealed class RuleGroup
{
    private const int MaskBits = 64;
    private readonly ConcurrentDictionary<ulong, Decision> _permitCache = new();
    private readonly ConcurrentDictionary<ulong, Decision> _forbidCache = new();
    private readonly string _version;

    public RuleGroup(IEnumerable<CompiledRule> rules, string version)
    {
        var sorted = rules.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        Forbids = [.. sorted.Where(r => r.Effect == Effect.Deny)];
        Permits = [.. sorted.Where(r => r.Effect == Effect.Permit)];
        _version = version;
        // Most decisions have exactly one determining rule: answer those from an array, not a hash map.
        _singleForbid = [.. Forbids.Select(r => Build(Effect.Deny, [r]))];
        _singlePermit = [.. Permits.Select(r => Build(Effect.Permit, [r]))];
    }

    private readonly Decision[] _singleForbid;
    private readonly Decision[] _singlePermit;

    public CompiledRule[] Forbids { get; }

    public CompiledRule[] Permits { get; }

    public Decision? Evaluate(DecisionRequest request)
    {
        if (Forbids.Length > MaskBits || Permits.Length > MaskBits) return EvaluateUncached(request);

        ulong forbidden = 0, failed = 0;
        var forbids = Forbids;
        for (var i = 0; i < forbids.Length; i++)
        {
            var t = Evaluate(forbids[i], request);
            if (t == Tri.True) forbidden |= 1UL << i;
            else if (t == Tri.Unknown) failed |= 1UL << i;
        }

        // INVARIANT: a forbid that could not be evaluated denies; it is never skipped (Cedar skips it).
        if (failed != 0) return ErrorDeny(request, Select(Forbids, forbidden), Select(Forbids, failed));
        if (forbidden != 0)
        {
            return (forbidden & (forbidden - 1)) == 0
                ? _singleForbid[BitOperations.TrailingZeroCount(forbidden)]
                : _forbidCache.GetOrAdd(forbidden, static (m, g) => g.Build(Effect.Deny, Select(g.Forbids, m)), this);
        }

        ulong permitted = 0;
        var permits = Permits;
        for (var i = 0; i < permits.Length; i++)
        {
            if (Evaluate(permits[i], request) == Tri.True) permitted |= 1UL << i;
        }

        if (permitted == 0) return null;
        return (permitted & (permitted - 1)) == 0
            ? _singlePermit[BitOperations.TrailingZeroCount(permitted)]
            : _permitCache.GetOrAdd(permitted, static (m, g) => g.Build(Effect.Permit, Select(g.Permits, m)), this);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Tri Evaluate(CompiledRule rule, DecisionRequest request)
    {
        var guards = Guard.CheckAll(rule.Guards, request);
        if (guards == Guard.Fail) return Tri.False;                        // Kleene: false AND anything = false
        if (guards == Guard.Pass && rule.FullyGuarded) return Tri.True;    // every conjunct is a passing guard
        return rule.Condition(request);
    }

    // Only for actions with more than 64 rules of one effect: correct but allocating.
    private Decision? EvaluateUncached(DecisionRequest request)
    {
        var forbidden = Forbids.Where(r => r.Condition(request) == Tri.True).ToList();
        var failed = Forbids.Where(r => r.Condition(request) == Tri.Unknown).ToList();
        if (failed.Count > 0) return ErrorDeny(request, forbidden, failed);
        if (forbidden.Count > 0) return Build(Effect.Deny, forbidden);
        var permitted = Permits.Where(r => r.Condition(request) == Tri.True).ToList();
        return permitted.Count == 0 ? null : Build(Effect.Permit, permitted);
    }

    private Decision ErrorDeny(DecisionRequest request, List<CompiledRule> forbidden, List<CompiledRule> failed)
    {
        var errors = failed.Select(r =>
        {
            var missing = r.ReferencedAttributes.Where(a => !request.IsSet(a));
            return $"forbid-regeln {r.Id} kunde inte prövas: attribut saknas ({string.Join(", ", missing)})";
        }).ToList();
        var basis = Build(Effect.Deny, forbidden);
        return new Decision(Effect.Deny, basis.RuleIds, basis.LegalGround, basis.Obligations, _version, errors);
    }

    private static List<CompiledRule> Select(CompiledRule[] rules, ulong mask)
    {
        var result = new List<CompiledRule>();
        for (var i = 0; i < rules.Length; i++)
            if ((mask & (1UL << i)) != 0) result.Add(rules[i]);
        return result;
    }

    private Decision Build(Effect effect, List<CompiledRule> determining)
    {
        // Rules are already sorted by id, so "first by id" is simply the first with a ground.
        var obligations = determining.SelectMany(r => r.Obligations).Distinct()
            .OrderBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Argument, StringComparer.Ordinal).ToArray();
        return new Decision(
            effect,
            Array.AsReadOnly(determining.Select(r => r.Id).ToArray()),
            determining.Select(r => r.LegalBasis).FirstOrDefault(g => g is not null),
            Array.AsReadOnly(obligations),
            _version,
            []);
    }
}
