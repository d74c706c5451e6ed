namespace Samverkan.Sekretess.Cli;

/// <summary>The few options the commands take; <c>--policies</c> defaults to <c>./policies</c>.</summary>
public sealed record CliOptions(string Policies, string? Input)
{
    public static CliOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var policies = "policies";
        string? input = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"okänt eller ofullständigt argument '{args[i]}'";
                return null;
            }

            var value = args[++i];
            switch (args[i - 1])
            {
                case "--policies": policies = value; break;
                case "--input": input = value; break;
                default:
                    error = $"okänd flagga '{args[i - 1]}'";
                    return null;
            }
        }

        return new CliOptions(policies, input);
    }
}
