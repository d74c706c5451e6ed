using System.Text.Json;
using Samverkan.Sekretess.Cli;
using Samverkan.Sekretess.Policy.Tests.Support;

namespace Samverkan.Sekretess.Policy.Tests.Cli;

public sealed class CliAppTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("samverkan-cli-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Exit, string Out, string Err) Run(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(args, new StringReader(stdin), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Check_RealPolicies_ExitsZeroWithVersion()
    {
        var (exit, stdout, _) = Run("", "policy", "check", "--policies", TestPaths.Policies);

        Assert.Equal(0, exit);
        Assert.Contains("sha256:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BrokenPolicy_PrintsFileLineAndExitsOne()
    {
        CopyPolicies();
        File.WriteAllText(Path.Combine(_temp, "rules", "broken.policy.yaml"), """
            rules:
              - id: X-1
                effect: permit
                actions: [item.read]
                legalBasis: OWN
                description: "trasig"
                when: [subject.shoeSize == 42]
            """);

        var (exit, _, stderr) = Run("", "policy", "check", "--policies", _temp);

        Assert.Equal(1, exit);
        Assert.Contains("rules/broken.policy.yaml:7: ", stderr, StringComparison.Ordinal);
        Assert.Contains("subject.shoeSize", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_RealPolicies_AllGoldenCasesPass()
    {
        var (exit, stdout, stderr) = Run("", "policy", "test", "--policies", TestPaths.Policies);

        Assert.True(exit == 0, stderr);
        Assert.Contains("0 regler och 0 grunder utan fall", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_RuleWithoutCase_ExitsOne()
    {
        CopyPolicies();
        File.Delete(Path.Combine(_temp, "cases", "audit.cases.yaml"));

        var (exit, _, stderr) = Run("", "policy", "test", "--policies", _temp);

        Assert.Equal(1, exit);
        Assert.Contains("AUDIT-R-001 saknar golden case", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_JsonLines_OneDecisionPerLineInOrder()
    {
        const string input = """
            {"id":"a","attributes":{"action":"audit.read","subject.role":"dataskyddsombud"}}
            {"id":"b","attributes":{"action":"case.read","subject.role":"dataskyddsombud","subject.authorityId":"sn","case.participatingAuthorityIds":["sn"]}}
            {"id":7,"attributes":{"action":"case.read"}}
            """;

        var (exit, stdout, _) = Run(input, "policy", "eval", "--policies", TestPaths.Policies, "--input", "-");

        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal("a", lines[0].GetProperty("id").GetString());
        Assert.Equal("permit", lines[0].GetProperty("decision").GetString());
        Assert.Equal("AUDIT", lines[0].GetProperty("ground").GetString());
        Assert.Equal("audit-read", lines[0].GetProperty("obligations")[0].GetString());
        Assert.Equal("deny", lines[1].GetProperty("decision").GetString());
        Assert.Equal("DPO-F-001", lines[1].GetProperty("reasons")[0].GetString());
        Assert.Equal("7", lines[2].GetProperty("id").GetString());
        Assert.Equal("deny", lines[2].GetProperty("decision").GetString());
    }

    [Fact]
    public void Eval_GarbageLine_DeniesWithErrorAndExitsOne()
    {
        const string input = """
            {"id":"x","attributes":{"action":"audit.read","subject.role":"dataskyddsombud","subject.shoe":1}}
            not json at all
            """;

        var (exit, stdout, stderr) = Run(input, "policy", "eval", "--policies", TestPaths.Policies, "--input", "-");

        Assert.Equal(1, exit);
        Assert.Contains("-:2:", stderr, StringComparison.Ordinal);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"decision\":\"deny\"", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Eval_InputFile_IsRead()
    {
        var file = Path.Combine(_temp, "in.jsonl");
        File.WriteAllText(file, """{"id":"f","attributes":{"action":"audit.read","subject.role":"dataskyddsombud"}}""" + "\n");

        var (exit, stdout, _) = Run("", "policy", "eval", "--policies", TestPaths.Policies, "--input", file);

        Assert.Equal(0, exit);
        Assert.Contains("\"decision\":\"permit\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_RealPolicies_RendersMatrixGroundsAndRules()
    {
        var (exit, stdout, _) = Run("", "policy", "explain", "--policies", TestPaths.Policies);

        Assert.Equal(0, exit);
        Assert.Contains("## Vem får lämna vad till vem", stdout, StringComparison.Ordinal);
        // Hard exclusions visible in the matrix: police investigation (P1) never to an NGO.
        Assert.Contains(stdout.Split('\n'), l => l.StartsWith("| **P1**", StringComparison.Ordinal) && l.TrimEnd().EndsWith("| — | 27, NÖD |", StringComparison.Ordinal));
        Assert.Contains("**DISC-F-003**", stdout, StringComparison.Ordinal);
        Assert.Contains("⚠ U (overifierad)", stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 18, point 5: the matrix showed no consent route anywhere (its probe left out case.type, which the consent rule
    /// compares with consent.purpose), and cited 18:2 for P3 where labels.yaml says 35:1.
    /// </summary>
    [Fact]
    public void Explain_RealPolicies_ShowsTheConsentRouteAndCitesTheLabelsProvision()
    {
        var matrix = Samverkan.Sekretess.Policy.Explanation.DisclosureMatrix.Build(Samverkan.Sekretess.Policy.PolicySet.LoadDirectory(TestPaths.Policies))!;
        var s1 = matrix.Rows.Single(r => r.Category == "S1");
        var police = matrix.Recipients.ToList().FindIndex(c => c.Kind == "polis");
        Assert.Contains(s1.Cells[police].Grounds, g => g.Key == "CONSENT");
        var ngo = matrix.Recipients.ToList().FindIndex(c => c.Kind == "ngo");
        Assert.Contains(s1.Cells[ngo].Grounds, g => g.Key == "CONSENT");
        // Police investigation secrecy protects a public interest: consent never releases P1.
        Assert.DoesNotContain(matrix.Rows.Single(r => r.Category == "P1").Cells.SelectMany(c => c.Grounds), g => g.Key == "CONSENT");
    }

    [Theory]
    [InlineData("policy")]
    [InlineData("policy frobnicate")]
    [InlineData("policy check --nope x")]
    [InlineData("policy eval --policies policies")]
    public void Run_BadUsage_ExitsTwo(string args)
    {
        var (exit, _, _) = Run("", args.Split(' '));

        Assert.Equal(2, exit);
    }

    private void CopyPolicies()
    {
        foreach (var file in Directory.EnumerateFiles(TestPaths.Policies, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_temp, Path.GetRelativePath(TestPaths.Policies, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
