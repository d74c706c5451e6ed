using Samverkan.Sekretess.Cli.Commands;

namespace Samverkan.Sekretess.Cli;

/// <summary>
/// Entry point of <c>samverkan</c>, callable in-process by tests. Exit codes: 0 ok, 1 policy or
/// test failure, 2 usage error.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, Console.In, stdout, stderr);

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(stdin);
        if (args.Length >= 2 && args[0] == "audit" && args[1] == "verify")
            return AuditVerifyCommand.RunAsync(args.Skip(2).ToArray(), stdout, stderr, Environment.GetEnvironmentVariable).GetAwaiter().GetResult();
        if (args.Length < 2 || args[0] != "policy") return PrintUsage(stderr);

        var options = CliOptions.Parse(args.Skip(2).ToArray(), out var optionError);
        if (options is null)
        {
            stderr.WriteLine(optionError);
            return Usage;
        }

        return args[1] switch
        {
            "check" => CheckCommand.Run(options, stdout, stderr),
            "test" => TestCommand.Run(options, stdout, stderr),
            "eval" => EvalCommand.Run(options, stdin, stdout, stderr),
            "explain" => ExplainCommand.Run(options, stdout, stderr),
            _ => PrintUsage(stderr),
        };
    }

    private static int PrintUsage(TextWriter stderr)
    {
        stderr.WriteLine("""
            användning:
              samverkan policy check   [--policies KATALOG]
              samverkan policy test    [--policies KATALOG]
              samverkan policy eval    [--policies KATALOG] --input FIL.jsonl|-
              samverkan policy explain [--policies KATALOG]
              samverkan audit verify   --connection CS [--provider PostgreSql|Sqlite|SqlServer] [--key BASE64]
                                       [--checkpoints KATALOG --checkpoint-key PUBLIK.pem]
                (CS och nyckel kan också ges som SAMVERKAN_DB och SAMVERKAN_AUDIT_KEY; kontrollpunkterna som appen är
                 konfigurerad med, Audit__CheckpointDirectory och Audit__CheckpointVerificationKey, används om inget anges;
                 för den inbäddade SQLite-databasen hittas nyckel och kontrollpunkter i dess data-katalog)
            """);
        return Usage;
    }
}
