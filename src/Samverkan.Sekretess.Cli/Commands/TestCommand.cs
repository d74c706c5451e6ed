using Samverkan.Sekretess.Policy.GoldenCases;

namespace Samverkan.Sekretess.Cli.Commands;

/// <summary><c>policy test</c>: run the golden cases and check that every rule and ground has one.</summary>
internal static class TestCommand
{
    public static int Run(CliOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (CheckCommand.Load(options, stderr) is not { } set) return CliApp.Failed;
        var report = GoldenCaseRunner.RunDirectory(options.Policies, set);
        foreach (var problem in report.Problems()) stderr.WriteLine(problem);
        var passed = report.Results.Count(r => r.Passed);
        stdout.WriteLine($"{passed}/{report.Results.Count} golden cases gick igenom; " +
                         $"{report.UncoveredRules.Count} regler och {report.UncoveredGrounds.Count} grunder utan fall.");
        return report.Passed ? CliApp.Ok : CliApp.Failed;
    }
}
