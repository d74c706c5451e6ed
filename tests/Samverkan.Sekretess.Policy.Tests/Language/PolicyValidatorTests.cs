using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.Language;

public sealed class PolicyValidatorTests
{
    [Theory]
    [InlineData("[subject.nope == soc]", "okänt attribut 'subject.nope'")]
    [InlineData("[subject.org ~= soc]", "okänd operator")]
    [InlineData("[subject.org contains soc]", "kräver ett set<string>")]
    [InlineData("[subject.orgs == soc]", "är en mängd")]
    [InlineData("[subject.level == high]", "typfel")]
    [InlineData("[subject.org == socialtjänst]", "inget tillåtet värde")]
    [InlineData("[subject.level > resource.owner]", "typfel")]
    [InlineData("[subject.org]", "inte bool")]
    [InlineData("[]", "är tom")]
    [InlineData("[subject.org in [soc, skola]", "ogiltig YAML")]
    [InlineData("[{ any: [] }]", "är tom")]
    [InlineData("[{ sometimes: [subject.mfa] }]", "ett villkor är antingen")]
    public void Compile_BadCondition_ReportsFileLineAndMessage(string conditions, string expected)
    {
        var errors = MiniPolicies.Errors(("rules/a.policy.yaml", MiniPolicies.Rule("R-1", "permit", conditions)));

        var error = Assert.Single(errors);
        Assert.Equal("rules/a.policy.yaml", error.File);
        Assert.True(error.Line >= 1, error.ToString());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ManyProblems_ReportsAllOfThem()
    {
        const string text = """
            rules:
              - id: R-1
                effect: allow
                actions: [fly]
                legalBasis: NOPE
                description: "x"
                when: [subject.nope]
                obligations: [shout, redact]
                colour: blue
            """;

        var errors = MiniPolicies.Errors(("a.policy.yaml", text));

        Assert.Contains(errors, e => e.Message.Contains("'effect'", StringComparison.Ordinal) && e.Line == 3);
        Assert.Contains(errors, e => e.Message.Contains("okänd handling 'fly'", StringComparison.Ordinal) && e.Line == 4);
        Assert.Contains(errors, e => e.Message.Contains("okänd rättslig grund 'NOPE'", StringComparison.Ordinal) && e.Line == 5);
        Assert.Contains(errors, e => e.Message.Contains("subject.nope", StringComparison.Ordinal) && e.Line == 7);
        Assert.Contains(errors, e => e.Message.Contains("okänd skyldighet 'shout'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("'redact' kräver ett argument", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("okänd nyckel 'colour'", StringComparison.Ordinal) && e.Line == 9);
    }

    [Fact]
    public void Compile_DuplicateRuleIdAcrossFiles_IsAnError()
    {
        var errors = MiniPolicies.Errors(
            ("a.policy.yaml", MiniPolicies.Rule("R-1", "permit", "[subject.mfa]")),
            ("b.policy.yaml", MiniPolicies.Rule("R-1", "forbid", "[subject.mfa]")));

        var error = Assert.Single(errors);
        Assert.Equal("b.policy.yaml", error.File);
        Assert.Contains("finns redan (a.policy.yaml:2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_MissingRuleFiles_IsAnError()
    {
        var errors = MiniPolicies.Errors();

        Assert.Contains(errors, e => e.Message.Contains("inga regelfiler", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_RuleWithoutConditions_IsAnError()
    {
        const string text = """
            rules:
              - { id: R-1, effect: permit, actions: [read], legalBasis: OWN, description: x }
            """;

        var errors = MiniPolicies.Errors(("a.policy.yaml", text));

        Assert.Contains(errors, e => e.Message.Contains("saknar villkor", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_OversizedFile_IsAnError()
    {
        var errors = MiniPolicies.Errors(("a.policy.yaml", "# " + new string('x', 1024 * 1024 + 1)));

        Assert.Contains(errors, e => e.Message.Contains("för stor", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadDirectory_Missing_ThrowsValidationException()
    {
        var ex = Assert.Throws<PolicyValidationException>(() => PolicySet.LoadDirectory("/does/not/exist"));

        Assert.Single(ex.Errors);
    }

    /// <summary>
    /// Issue 18, point 5: the catalogue's anteckning flag and a disclosure rule's obligations could disagree; the loader
    /// accepted it and the app ORed them. Now the loader refuses the set.
    /// </summary>
    [Fact]
    public void LoadDirectory_DisclosureRuleWithoutTheAnteckningItsGroundRequires_IsAnError()
    {
        var copy = Directory.CreateTempSubdirectory("policies").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(TestPaths.Policies, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(TestPaths.Policies, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var rules = Path.Combine(copy, "rules", "disclosure-grounds.policy.yaml");
            var text = File.ReadAllText(rules);
            const string withNote = "obligations: [record-disclosure, anteckning, ";
            var at = text.IndexOf(withNote, StringComparison.Ordinal);
            Assert.True(at > 0, "the real disclosure rules name the anteckning obligation");
            File.WriteAllText(rules, text[..at] + "obligations: [record-disclosure, " + text[(at + withNote.Length)..]);

            var ex = Assert.Throws<PolicyValidationException>(() => PolicySet.LoadDirectory(copy));

            Assert.Contains(ex.Errors, e => e.Message.Contains("saknar skyldigheten 'anteckning'", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void LoadDirectory_RealPolicies_Validates()
    {
        var set = PolicySet.LoadDirectory(TestPaths.Policies);

        Assert.StartsWith("sha256:", set.Version, StringComparison.Ordinal);
        Assert.Equal(71, set.Version.Length);
    }
}
