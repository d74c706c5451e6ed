using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Cli.Commands;

/// <summary><c>policy check</c>: validate the policy directory and print errors as file:line: message.</summary>
internal static class CheckCommand
{
    public static int Run(CliOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (Load(options, stderr) is not { } set) return CliApp.Failed;
        stdout.WriteLine($"ok: {set.RuleIds.Count} regler, {set.LegalGrounds.Count} grunder, version {set.Version}");
        return CliApp.Ok;
    }

    /// <summary>Loads the set, or prints every validation error and returns null.</summary>
    public static PolicySet? Load(CliOptions options, TextWriter stderr)
    {
        try
        {
            return PolicySet.LoadDirectory(options.Policies);
        }
        catch (PolicyValidationException ex)
        {
            foreach (var error in ex.Errors) stderr.WriteLine(error);
            stderr.WriteLine($"{ex.Errors.Count} fel: policyuppsättningen kan inte användas.");
            return null;
        }
    }
}
