using CsCheck;

namespace Samverkan.Sekretess.Policy.Tests.Properties;

/// <summary>The combining semantics as properties over thousands of random policy sets and requests.</summary>
public sealed class CombiningPropertyTests
{
    private const int Iterations = 400;

    private static Decision Decide(IEnumerable<PolicyGen.GenRule> rules, PolicyGen.GenRequest request, bool filePerRule = false)
    {
        var set = PolicyGen.Compile(rules, filePerRule);
        return PolicyDecisionPoint.Decide(request.Build(set), set);
    }

    [Fact]
    public void ForbidWins_ASatisfiedForbidAlwaysDenies() =>
        Gen.Select(PolicyGen.Rules, PolicyGen.Request).Sample((rules, request) =>
        {
            // A forbid on a condition the request certainly satisfies.
            var always = new PolicyGen.GenRule("F-ZZ", "forbid", ["action exists"], false, (string)request.Values["action"]);

            var d = Decide([.. rules, always], request);

            Assert.False(d.IsPermit);
            Assert.Contains("F-ZZ", d.RuleIds);
            Assert.DoesNotContain(d.RuleIds, id => rules.Any(r => r.Id == id && r.Effect == "permit"));
        }, iter: Iterations);

    [Fact]
    public void RemovingAPermit_NeverGrants() =>
        Gen.Select(PolicyGen.Rules, PolicyGen.Request).Sample((rules, request) =>
        {
            var before = Decide(rules, request);
            foreach (var permit in rules.Where(r => r.Effect == "permit"))
            {
                var after = Decide(rules.Where(r => r != permit), request);
                Assert.True(!after.IsPermit || before.IsPermit, $"removing {permit.Id} granted access");
            }
        }, iter: Iterations);

    [Fact]
    public void AddingAForbid_NeverGrants() =>
        Gen.Select(PolicyGen.Rules, PolicyGen.Rule(99), PolicyGen.Request).Sample((rules, extra, request) =>
        {
            var forbid = extra with { Effect = "forbid" };

            var before = Decide(rules, request);
            var after = Decide([.. rules, forbid], request);

            Assert.True(!after.IsPermit || before.IsPermit);
        }, iter: Iterations);

    [Fact]
    public void RuleAndFileOrder_DoNotChangeTheDecision() =>
        Gen.Select(PolicyGen.Rules, PolicyGen.Request, Gen.Int).Sample((rules, request, seed) =>
        {
            var shuffled = rules.ToArray();
            new Random(seed).Shuffle(shuffled);

            var a = Decide(rules, request);
            var b = Decide(shuffled, request, filePerRule: true);

            Assert.Equal(a.Effect, b.Effect);
            Assert.Equal(a.RuleIds, b.RuleIds);
            Assert.Equal(a.Obligations, b.Obligations);
            Assert.Equal(a.LegalGround, b.LegalGround);
            Assert.Equal(a.Errors.Count, b.Errors.Count);
        }, iter: Iterations);

    [Fact]
    public void Permit_OnlyWithASatisfiedPermitAndNoErrors() =>
        Gen.Select(PolicyGen.Rules, PolicyGen.Request).Sample((rules, request) =>
        {
            var d = Decide(rules, request);

            if (!d.IsPermit) return;
            Assert.Empty(d.Errors);
            Assert.NotEmpty(d.RuleIds);
            Assert.All(d.RuleIds, id => Assert.Equal("permit", rules.Single(r => r.Id == id).Effect));
        }, iter: Iterations);
    /// <summary>
    /// Issue 24: an action with more than 64 rules of one effect is decided on a second, uncached path that no real set
    /// reaches (the largest has 18 forbids). Padding a random set past the limit with rules that never hold must not change
    /// any decision, so both paths are checked against each other.
    /// </summary>
    [Fact]
    public void PastSixtyFourRulesOfOneEffect_TheDecisionIsTheSame() =>
        Gen.Select(PolicyGen.Rules, PolicyGen.Request).Sample((rules, request) =>
        {
            string[] never = ["subject.level exists", "subject.level < 0"];   // false, never unknown: levels are 0..4
            var padding = Enumerable.Range(0, 65).SelectMany(i => new[]
            {
                new PolicyGen.GenRule($"PAD-F-R{i:D2}", "forbid", never, false, "read"),
                new PolicyGen.GenRule($"PAD-F-W{i:D2}", "forbid", never, false, "write"),
                new PolicyGen.GenRule($"PAD-P-R{i:D2}", "permit", never, false, "read"),
                new PolicyGen.GenRule($"PAD-P-W{i:D2}", "permit", never, false, "write"),
            });

            var small = Decide(rules, request);
            var large = Decide([.. rules, .. padding], request);

            Assert.Equal(small.Effect, large.Effect);
            Assert.Equal(small.RuleIds, large.RuleIds);
            Assert.Equal(small.Obligations, large.Obligations);
            Assert.Equal(small.LegalGround, large.LegalGround);
            Assert.Equal(small.Errors, large.Errors);
        }, iter: 150);
}
