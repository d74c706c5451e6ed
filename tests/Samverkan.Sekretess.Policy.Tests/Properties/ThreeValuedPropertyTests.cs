using CsCheck;
using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.Properties;

/// <summary>
/// Issue 24: the meaning of every operator when an attribute is missing, checked against a small reference evaluator.
/// A missing attribute makes an atom unknown (except exists/missing); an unknown forbid denies with an error, an unknown
/// permit does not permit. A two-valued shortcut (missing → 'in' false, 'not in' true) survived every earlier test.
/// </summary>
public sealed class ThreeValuedPropertyTests
{
    private const int Iterations = 300;

    /// <summary>An atom in the policy language beside its meaning in plain C#: null is "unknown".</summary>
    public sealed record Atom(string Text, Func<Values, bool?> Reference)
    {
        public override string ToString() => Text;
    }

    /// <summary>A request's values by attribute name; an absent key is a missing attribute.</summary>
    public sealed record Values(Dictionary<string, object> Map)
    {
        public string? Str(string k) => Map.TryGetValue(k, out var v) ? (string)v : null;
        public string[]? Set(string k) => Map.TryGetValue(k, out var v) ? (string[])v : null;
        public long? Num(string k) => Map.TryGetValue(k, out var v) ? v switch { long l => l, bool b => b ? 1 : 0, DateTimeOffset d => d.UtcTicks, _ => null } : null;

        public override string ToString() => string.Join(", ", Map.Select(kv => $"{kv.Key}={(kv.Value is string[] a ? "[" + string.Join(",", a) + "]" : kv.Value)}"));
    }

    private static bool? Both<TA, TB>(TA? a, TB? b, Func<TA, TB, bool> f) where TA : class where TB : class => a is null || b is null ? null : f(a, b);
    private static bool? Both(long? a, long? b, Func<long, long, bool> f) => a is null || b is null ? null : f(a.Value, b.Value);
    private static bool? One<T>(T? a, Func<T, bool> f) where T : class => a is null ? null : f(a);
    private static bool? One(long? a, Func<long, bool> f) => a is null ? null : f(a.Value);

    private static readonly long June = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    /// <summary>Every operator of the language, negated and not, with a literal and with an attribute on the right.</summary>
    public static readonly Atom[] All =
    [
        new("subject.mfa", v => One(v.Num("subject.mfa"), m => m == 1)),
        new("not subject.mfa", v => One(v.Num("subject.mfa"), m => m == 0)),
        new("subject.org == soc", v => One(v.Str("subject.org"), s => s == "soc")),
        new("subject.org != soc", v => One(v.Str("subject.org"), s => s != "soc")),
        new("subject.org == resource.owner", v => Both(v.Str("subject.org"), v.Str("resource.owner"), (a, b) => a == b)),
        new("subject.org != resource.owner", v => Both(v.Str("subject.org"), v.Str("resource.owner"), (a, b) => a != b)),
        new("subject.org in [soc, skola]", v => One(v.Str("subject.org"), s => s is "soc" or "skola")),
        new("subject.org not in [soc, skola]", v => One(v.Str("subject.org"), s => s is not ("soc" or "skola"))),
        new("subject.org in subject.orgs", v => Both(v.Str("subject.org"), v.Set("subject.orgs"), (s, set) => set.Contains(s))),
        new("subject.org not in subject.orgs", v => Both(v.Str("subject.org"), v.Set("subject.orgs"), (s, set) => !set.Contains(s))),
        new("subject.orgs contains skola", v => One(v.Set("subject.orgs"), set => set.Contains("skola"))),
        new("subject.orgs not contains skola", v => One(v.Set("subject.orgs"), set => !set.Contains("skola"))),
        new("subject.orgs contains resource.owner", v => Both(v.Set("subject.orgs"), v.Str("resource.owner"), (set, s) => set.Contains(s))),
        new("subject.orgs not contains resource.owner", v => Both(v.Set("subject.orgs"), v.Str("resource.owner"), (set, s) => !set.Contains(s))),
        new("subject.orgs contains all [soc, skola]", v => One(v.Set("subject.orgs"), set => set.Contains("soc") && set.Contains("skola"))),
        new("subject.orgs not contains all [soc, skola]", v => One(v.Set("subject.orgs"), set => !(set.Contains("soc") && set.Contains("skola")))),
        new("subject.orgs contains any [soc, polis]", v => One(v.Set("subject.orgs"), set => set.Contains("soc") || set.Contains("polis"))),
        new("subject.orgs not contains any [soc, polis]", v => One(v.Set("subject.orgs"), set => !(set.Contains("soc") || set.Contains("polis")))),
        new("subject.orgs contains all resource.orgs", v => Both(v.Set("subject.orgs"), v.Set("resource.orgs"), (a, b) => b.All(a.Contains))),
        new("subject.orgs not contains all resource.orgs", v => Both(v.Set("subject.orgs"), v.Set("resource.orgs"), (a, b) => !b.All(a.Contains))),
        new("subject.orgs contains any resource.orgs", v => Both(v.Set("subject.orgs"), v.Set("resource.orgs"), (a, b) => b.Any(a.Contains))),
        new("subject.orgs not contains any resource.orgs", v => Both(v.Set("subject.orgs"), v.Set("resource.orgs"), (a, b) => !b.Any(a.Contains))),
        new("subject.level == 2", v => One(v.Num("subject.level"), n => n == 2)),
        new("subject.level != 2", v => One(v.Num("subject.level"), n => n != 2)),
        new("subject.level < 2", v => One(v.Num("subject.level"), n => n < 2)),
        new("subject.level <= 2", v => One(v.Num("subject.level"), n => n <= 2)),
        new("subject.level > 2", v => One(v.Num("subject.level"), n => n > 2)),
        new("subject.level >= 2", v => One(v.Num("subject.level"), n => n >= 2)),
        new("subject.level >= resource.level", v => Both(v.Num("subject.level"), v.Num("resource.level"), (a, b) => a >= b)),
        new("subject.level < resource.level", v => Both(v.Num("subject.level"), v.Num("resource.level"), (a, b) => a < b)),
        new("context.now > 2026-06-01", v => One(v.Num("context.now"), t => t > June)),
        new("context.now <= resource.since", v => Both(v.Num("context.now"), v.Num("resource.since"), (a, b) => a <= b)),
        new("subject.level exists", v => v.Num("subject.level") is not null),
        new("resource.owner missing", v => v.Str("resource.owner") is null),
        new("subject.orgs exists", v => v.Set("subject.orgs") is not null),
    ];

    private static Gen<object?> Maybe<T>(Gen<T> gen) where T : notnull =>
        Gen.Select(Gen.Int[0, 2], gen, (k, v) => k == 0 ? null : (object?)v);

    private static readonly Gen<DateTimeOffset> Dates = Gen.OneOf(
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static readonly Gen<string[]> Orgs = Gen.OneOf("soc", "skola", "polis").Array[0, 3].Select(a => a.Distinct().ToArray());

    // A missing attribute one time in three, so every atom is seen unknown, true and false.
    public static readonly Gen<Values> Requests = Gen.Select(
        Gen.Select(Maybe(Gen.OneOf("soc", "skola", "polis")), Maybe(Orgs), Maybe(Gen.Long[0, 4]), Maybe(Gen.Bool)),
        Gen.Select(Maybe(Gen.OneOf("soc", "x")), Maybe(Orgs), Maybe(Gen.Long[0, 4]), Maybe(Dates), Maybe(Dates)),
        (s, r) =>
        {
            var map = new Dictionary<string, object>();
            void Put(string k, object? v) { if (v is not null) map[k] = v; }
            Put("subject.org", s.Item1);
            Put("subject.orgs", s.Item2);
            Put("subject.level", s.Item3);
            Put("subject.mfa", s.Item4);
            Put("resource.owner", r.Item1);
            Put("resource.orgs", r.Item2);
            Put("resource.level", r.Item3);
            Put("context.now", r.Item4);
            Put("resource.since", r.Item5);
            return new Values(map);
        });

    // The request as PolicyGen builds its own: the same typed setters, plus the action every rule here is for.
    private static DecisionRequest Build(PolicySet set, Values values) =>
        new PolicyGen.GenRequest(new Dictionary<string, object>(values.Map) { ["action"] = "read" }).Build(set);

    private static readonly Dictionary<string, PolicySet> AsForbid = All.ToDictionary(a => a.Text, a => MiniPolicies.Compile(
        ("f.policy.yaml", MiniPolicies.Rule("F-1", "forbid", $"[\"{a.Text}\"]")),
        ("p.policy.yaml", MiniPolicies.Rule("P-1", "permit", "[\"action exists\"]"))));

    private static readonly Dictionary<string, PolicySet> AsPermit = All.ToDictionary(a => a.Text, a => MiniPolicies.Compile(
        ("p.policy.yaml", MiniPolicies.Rule("P-1", "permit", $"[\"{a.Text}\"]"))));

    [Fact]
    public void Forbid_TrueDenies_UnknownDeniesWithAnError_FalseLetsThePermitThrough() =>
        Gen.Select(Gen.OneOf(All), Requests).Sample((atom, values) =>
        {
            var expected = atom.Reference(values);
            var set = AsForbid[atom.Text];

            var d = PolicyDecisionPoint.Decide(Build(set, values), set);

            switch (expected)
            {
                case true:
                    Assert.False(d.IsPermit);
                    Assert.Equal(["F-1"], d.RuleIds);
                    Assert.Empty(d.Errors);
                    break;
                case null:
                    Assert.False(d.IsPermit);
                    Assert.NotEmpty(d.Errors);
                    break;
                default:
                    Assert.True(d.IsPermit, $"'{atom.Text}' is false for {values}, so only the permit applies");
                    break;
            }
        }, iter: Iterations * 4);

    [Fact]
    public void Permit_OnlyWhenCertainlyTrue() =>
        Gen.Select(Gen.OneOf(All), Requests).Sample((atom, values) =>
        {
            var set = AsPermit[atom.Text];

            var d = PolicyDecisionPoint.Decide(Build(set, values), set);

            Assert.Equal(atom.Reference(values) == true, d.IsPermit);
            Assert.Empty(d.Errors);
        }, iter: Iterations * 4);

    /// <summary>Every atom is seen true, false and unknown by the generator, so the properties above cannot pass vacuously.</summary>
    [Fact]
    public void Generator_ShowsEveryAtomEveryTruthValue()
    {
        var seen = All.ToDictionary(a => a.Text, _ => new HashSet<bool?>());
        // CsCheck samples on several threads: the sets are shared.
        Requests.Sample(values =>
        {
            lock (seen)
                foreach (var atom in All) seen[atom.Text].Add(atom.Reference(values));
        }, iter: 2000);

        foreach (var atom in All)
        {
            var expected = atom.Text.EndsWith("exists", StringComparison.Ordinal) || atom.Text.EndsWith("missing", StringComparison.Ordinal)
                ? new HashSet<bool?> { true, false }
                : new HashSet<bool?> { true, false, null };
            Assert.True(expected.SetEquals(seen[atom.Text]), $"{atom.Text}: {string.Join(",", seen[atom.Text])}");
        }
    }
}
