using Samverkan.Sekretess.Policy.Language;
using Samverkan.Sekretess.Policy.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace Samverkan.Sekretess.Policy.GoldenCases;

/// <summary>
/// Runs the golden cases in <c>&lt;policies&gt;/cases/**/*.cases.yaml</c>: each case is a request and
/// the expected decision <b>and</b> reasons (rule ids), optionally ground and obligations.
/// </summary>
public static class GoldenCaseRunner
{
    /// <summary>Runs every case file under <paramref name="policyDirectory"/>/cases against <paramref name="policies"/>.</summary>
    public static GoldenCaseReport RunDirectory(string policyDirectory, PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var casesDir = Path.Combine(policyDirectory, "cases");
        var sources = Directory.Exists(casesDir)
            ? Directory.EnumerateFiles(casesDir, "*.cases.yaml", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .ToDictionary(p => Path.GetRelativePath(policyDirectory, p).Replace('\\', '/'), File.ReadAllText)
            : [];
        return Run(sources, policies);
    }

    /// <summary>Runs case files given as relative path → YAML text.</summary>
    public static GoldenCaseReport Run(IReadOnlyDictionary<string, string> caseFiles, PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(caseFiles);
        ArgumentNullException.ThrowIfNull(policies);
        var errors = new ErrorSink();
        var results = new List<GoldenCaseResult>();
        var coveredRules = new HashSet<string>(StringComparer.Ordinal);
        var coveredGrounds = new HashSet<string>(StringComparer.Ordinal);
        if (caseFiles.Count == 0) errors.Add("cases", 0, "inga golden cases (*.cases.yaml) hittades");

        foreach (var (name, text) in caseFiles.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (YamlFile.Parse(name, text, errors) is not { } file) continue;
            file.CheckKeys(file.Root, "defaults", "cases");
            var defaults = YamlFile.Get(file.Root, "defaults") as YamlMappingNode;
            if (YamlFile.Get(file.Root, "cases") is not YamlSequenceNode cases)
            {
                file.Error(file.Root, "'cases' saknas eller är inte en lista");
                continue;
            }

            foreach (var node in cases.Children)
            {
                if (node is not YamlMappingNode map)
                {
                    file.Error(node, "varje golden case måste vara en mappning");
                    continue;
                }

                if (GoldenCase.Parse(file, map, defaults, policies) is { } gc)
                {
                    var result = gc.Run(policies);
                    results.Add(result);
                    if (!result.Passed) continue;
                    coveredRules.UnionWith(gc.ExpectedRules);
                    if (gc.ExpectedGround is not null) coveredGrounds.Add(gc.ExpectedGround);
                }
            }
        }

        return new GoldenCaseReport(
            results,
            errors.Sorted(),
            [.. policies.RuleIds.Where(id => !coveredRules.Contains(id))],
            [.. policies.LegalGrounds.Keys.Order(StringComparer.Ordinal).Where(g => !coveredGrounds.Contains(g))]);
    }
}
