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
}
