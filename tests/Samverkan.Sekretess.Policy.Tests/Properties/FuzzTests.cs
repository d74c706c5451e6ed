using CsCheck;
using Samverkan.Sekretess.Policy.Json;
using Samverkan.Sekretess.Policy.Language;
using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.Properties;

/// <summary>
/// Thousands of mutated and random inputs: the loader either compiles or throws a validation error
/// (never anything else), and the eval parser never throws and never permits garbage.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string ValidRuleFile = File.ReadAllText(Path.Combine(TestPaths.Policies, "rules", "disclosure-grounds.policy.yaml"));
    private static readonly PolicySet Real = PolicySet.LoadDirectory(TestPaths.Policies);

    private const string PermitLine =
        """{"id":"a","attributes":{"action":"item.read","subject.authorityId":"un","subject.role":"skolkurator","resource.ownerAuthorityId":"un","case.participatingAuthorityIds":["un"]}}""";

    /// <summary>Random edits (insert, delete, replace) drawn from characters that matter to YAML and to conditions.</summary>
    private static Gen<string> Mutations(string text) =>
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, text.Length - 1], Gen.OneOf(":-[]{}\"'#&*!|>%@`,\n \t=<>.~0aZöx".ToCharArray()))
            .Array[1, 12]
            .Select(edits =>
            {
                var s = new System.Text.StringBuilder(text);
                foreach (var (kind, at, c) in edits)
                {
                    var i = Math.Min(at, Math.Max(0, s.Length - 1));
                    if (kind == 0) s.Insert(i, c);
                    else if (kind == 1 && s.Length > 0) s.Remove(i, 1);
                    else if (s.Length > 0) s[i] = c;
                }

                return s.ToString();
            });

    [Fact]
    public void Loader_MutatedPolicyFile_CompilesOrReportsErrorsNeverCrashes()
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(TestPaths.Policies, "*.yaml", SearchOption.AllDirectories))
            sources[Path.GetRelativePath(TestPaths.Policies, file).Replace('\\', '/')] = File.ReadAllText(file);

        Mutations(ValidRuleFile).Sample(mutated =>
        {
            var copy = new Dictionary<string, string>(sources) { ["rules/disclosure-grounds.policy.yaml"] = mutated };
            try
            {
                PolicyLoader.Compile(copy);
            }
            catch (PolicyValidationException ex)
            {
                Assert.NotEmpty(ex.Errors);
                Assert.All(ex.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Loader_RandomText_NeverCrashes() =>
        Gen.String.Sample(text =>
        {
            try
            {
                PolicyLoader.Compile(MiniPolicies.With(("a.policy.yaml", text)));
            }
            catch (PolicyValidationException ex)
            {
                Assert.NotEmpty(ex.Errors);
            }
        }, iter: 2_000);

    [Fact]
    public void Eval_MutatedRequestLine_NeverThrowsAndErrorsAlwaysDeny() =>
        Mutations(PermitLine).Sample(line =>
        {
            var request = JsonRequestReader.Read(line, Real);
            var decision = request.Decide(Real);
            if (request.Errors.Count > 0) Assert.False(decision.IsPermit, line);
        }, iter: 5_000);

    [Fact]
    public void Eval_RandomText_NeverPermits() =>
        Gen.String.Sample(text =>
        {
            Assert.False(JsonRequestReader.Read(text, Real).Decide(Real).IsPermit);
        }, iter: 5_000);

    [Fact]
    public void Eval_UnmutatedLine_IsPermitted_SoTheFuzzStartsFromAPermit() =>
        Assert.True(JsonRequestReader.Read(PermitLine, Real).Decide(Real).IsPermit);
}
