using Samverkan.Sekretess.Policy.Language;
using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.Decisions;

public sealed class CombiningTests
{
    private static readonly PolicySet Set = MiniPolicies.Compile(
        ("a.policy.yaml", MiniPolicies.Rule("P-2", "permit", "[subject.mfa]", "    obligations: [audit-read, 'redact:contact']")),
        ("b.policy.yaml", MiniPolicies.Rule("P-1", "permit", "[subject.org == soc]", "    obligations: [audit-read]")),
        ("c.policy.yaml", MiniPolicies.Rule("F-1", "forbid", "[subject.level < 2]")));

    private static DecisionRequest Request(bool mfa = true, string org = "soc", long? level = 3)
    {
        var r = Set.NewRequest().Set("action", "read").Set("subject.mfa", mfa).Set("subject.org", org);
        return level is null ? r : r.Set("subject.level", level.Value);
    }

    [Fact]
    public void Decide_NoRuleApplies_DefaultDenyWithoutReasons()
    {
        var d = PolicyDecisionPoint.Decide(Request(mfa: false, org: "polis"), Set);

        Assert.False(d.IsPermit);
        Assert.Empty(d.RuleIds);
        Assert.Empty(d.Errors);
        Assert.Equal(Set.Version, d.PolicySetVersion);
    }

    [Fact]
    public void Decide_TwoPermits_ListsBothSortedWithUnionOfObligations()
    {
        var d = PolicyDecisionPoint.Decide(Request(), Set);

        Assert.True(d.IsPermit);
        Assert.Equal(["P-1", "P-2"], d.RuleIds);
        Assert.Equal("OWN", d.LegalGround);
        Assert.Equal([new Obligation("audit-read"), new Obligation("redact", "contact")], d.Obligations);
    }

    [Fact]
    public void Decide_ForbidSatisfied_OverridesEveryPermit()
    {
        var d = PolicyDecisionPoint.Decide(Request(level: 1), Set);

        Assert.False(d.IsPermit);
        Assert.Equal(["F-1"], d.RuleIds);
    }

    [Fact]
    public void Decide_ForbidCannotBeEvaluated_DeniesWithError()
    {
        var d = PolicyDecisionPoint.Decide(Request(level: null), Set);

        Assert.False(d.IsPermit);
        var error = Assert.Single(d.Errors);
        Assert.Contains("F-1", error, StringComparison.Ordinal);
        Assert.Contains("subject.level", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PermitAttributeMissing_PermitSimplyNotSatisfied()
    {
        var r = Set.NewRequest().Set("action", "read").Set("subject.mfa", true).Set("subject.level", 5);

        var d = PolicyDecisionPoint.Decide(r, Set);

        Assert.Equal(["P-2"], d.RuleIds);
        Assert.Empty(d.Errors);
    }

    [Fact]
    public void Decide_ActionMissing_DeniesWithError()
    {
        var d = PolicyDecisionPoint.Decide(Set.NewRequest(), Set);

        Assert.False(d.IsPermit);
        Assert.NotEmpty(d.Errors);
    }

    [Fact]
    public void Decide_RequestFromAnotherSet_DeniesWithError()
    {
        var other = MiniPolicies.Compile(("a.policy.yaml", MiniPolicies.Rule("P-1", "permit", "[subject.mfa]")));

        var d = PolicyDecisionPoint.Decide(Request(), other);

        Assert.False(d.IsPermit);
        Assert.NotEmpty(d.Errors);
    }

    [Fact]
    public void Decide_SameInputDifferentFileOrder_SameDecisionAndVersion()
    {
        var files = new[]
        {
            ("a.policy.yaml", MiniPolicies.Rule("P-2", "permit", "[subject.mfa]")),
            ("b.policy.yaml", MiniPolicies.Rule("P-1", "permit", "[subject.org == soc]")),
        };
        var forward = PolicyLoader.Compile(MiniPolicies.With(files));
        var backward = PolicyLoader.Compile(MiniPolicies.With([.. files.Reverse()]));

        var d1 = PolicyDecisionPoint.Decide(forward.NewRequest().Set("action", "read").Set("subject.mfa", true).Set("subject.org", "soc"), forward);
        var d2 = PolicyDecisionPoint.Decide(backward.NewRequest().Set("action", "read").Set("subject.mfa", true).Set("subject.org", "soc"), backward);

        Assert.Equal(forward.Version, backward.Version);
        Assert.Equal(d1.RuleIds, d2.RuleIds);
    }

    [Fact]
    public void Version_ChangesWithRuleText_ButNotWithLineEndings()
    {
        var a = PolicyLoader.ComputeVersion(MiniPolicies.With(("a.policy.yaml", "rules: []\n")));
        var crlf = PolicyLoader.ComputeVersion(MiniPolicies.With(("a.policy.yaml", "rules: []\r\n")));
        var changed = PolicyLoader.ComputeVersion(MiniPolicies.With(("a.policy.yaml", "rules: [ ]\n")));

        Assert.Equal(a, crlf);
        Assert.NotEqual(a, changed);
    }
}
