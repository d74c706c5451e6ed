using CsCheck;
using Samverkan.Sekretess.Policy.Language;
using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.Properties;

/// <summary>Generators for small random policy sets and requests over <see cref="MiniPolicies"/>' vocabulary.</summary>
internal static class PolicyGen
{
    public sealed record GenRule(string Id, string Effect, string[] Atoms, bool AsAny, string Action)
    {
        public string Yaml() => $$"""
              - id: {{Id}}
                effect: {{Effect}}
                actions: [{{Action}}]
                legalBasis: OWN
                description: "genererad"
                when: {{(AsAny ? $"[{{ any: [{string.Join(", ", Atoms.Select(Quote))}] }}]" : $"[{string.Join(", ", Atoms.Select(Quote))}]")}}
                obligations: [audit-read]

            """;

        private static string Quote(string atom) => "\"" + atom + "\"";
    }

    public sealed record GenRequest(Dictionary<string, object> Values)
    {
        public DecisionRequest Build(PolicySet set)
        {
            var r = set.NewRequest();
            foreach (var (k, v) in Values)
            {
                switch (v)
                {
                    case string s: r.Set(k, s); break;
                    case bool b: r.Set(k, b); break;
                    case long l: r.Set(k, l); break;
                    case DateTimeOffset d: r.Set(k, d); break;
                    case string[] a: r.Set(k, a); break;
                }
            }

            return r;
        }

        public override string ToString() => string.Join(", ", Values.Select(kv => $"{kv.Key}={(kv.Value is string[] a ? "[" + string.Join(",", a) + "]" : kv.Value)}"));
    }

    public static readonly string[] AtomPool =
    [
        "subject.mfa", "not subject.mfa", "subject.org == soc", "subject.org != polis", "subject.org in [soc, skola]",
        "subject.org not in [skola]", "subject.orgs contains skola", "subject.orgs not contains soc",
        "subject.orgs contains all [soc, skola]", "subject.orgs contains any [polis, skola]", "subject.level >= 2",
        "subject.level < 3", "resource.owner == subject.org", "resource.owner != subject.org",
        "context.now > 2026-06-01", "subject.level exists", "resource.owner missing",
    ];

    public static Gen<GenRule> Rule(int index) =>
        Gen.Select(
            Gen.OneOf("permit", "forbid"),
            Gen.OneOf(AtomPool).Array[1, 3],
            Gen.Bool,
            Gen.OneOf("read", "read", "write"),
            (effect, atoms, any, action) => new GenRule($"R-{index:D2}", effect, atoms, any, action));

    public static readonly Gen<GenRule[]> Rules =
        Rule(0).Array[1, 8].Select(rules => rules.Select((r, i) => r with { Id = $"R-{i:D2}" }).ToArray());

    // One in five attributes is missing, to exercise the missing-attribute semantics.
    private static Gen<object?> Maybe<T>(Gen<T> gen) where T : notnull =>
        Gen.Select(Gen.Int[0, 4], gen, (k, v) => k == 0 ? null : (object?)v);

    public static readonly Gen<GenRequest> Request = Gen.Select(
        Maybe(Gen.OneOf("soc", "skola", "polis")),
        Maybe(Gen.OneOf("soc", "skola", "polis").Array[0, 3].Select(a => a.Distinct().ToArray())),
        Maybe(Gen.Long[0, 4]),
        Maybe(Gen.Bool),
        Maybe(Gen.OneOf("soc", "x")),
        Maybe(Gen.OneOf(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero))),
        Gen.OneOf("read", "write"),
        (org, orgs, level, mfa, owner, now, action) =>
        {
            var values = new Dictionary<string, object> { ["action"] = action };
            void Put(string k, object? v) { if (v is not null) values[k] = v; }
            Put("subject.org", org);
            Put("subject.orgs", orgs);
            Put("subject.level", level);
            Put("subject.mfa", mfa);
            Put("resource.owner", owner);
            Put("context.now", now);
            return new GenRequest(values);
        });

    /// <summary>Compiles the rules, one file per rule or all in one file, in the given order.</summary>
    public static PolicySet Compile(IEnumerable<GenRule> rules, bool filePerRule = false)
    {
        // A permit that can never hold keeps the file non-empty when a property removes every rule.
        var list = rules.Append(new GenRule("R-NEVER", "permit", ["subject.level < 0"], false, "write")).ToList();
        if (!filePerRule) return PolicyLoader.Compile(MiniPolicies.With(("all.policy.yaml", "rules:\n" + string.Concat(list.Select(r => r.Yaml())))));
        return PolicyLoader.Compile(MiniPolicies.With([.. list.Select(r => ($"{r.Id}.policy.yaml", "rules:\n" + r.Yaml()))]));
    }
}
