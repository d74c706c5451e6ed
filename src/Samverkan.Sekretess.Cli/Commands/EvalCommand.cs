using Samverkan.Sekretess.Policy.Json;

namespace Samverkan.Sekretess.Cli.Commands;

/// <summary>
/// <c>policy eval --policies DIR --input FILE.jsonl</c>: one JSON request per line in, one JSON
/// decision per line out, same order. A bad line becomes a deny with its errors (exit code 1).
/// </summary>
internal static class EvalCommand
{
    public static int Run(CliOptions options, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (options.Input is null)
        {
            stderr.WriteLine("--input FIL.jsonl krävs ('-' läser från standard in)");
            return CliApp.Usage;
        }

        if (CheckCommand.Load(options, stderr) is not { } set) return CliApp.Failed;
        if (options.Input != "-" && !File.Exists(options.Input))
        {
            stderr.WriteLine($"{options.Input}: filen finns inte");
            return CliApp.Usage;
        }

        using var reader = options.Input == "-" ? null : new StreamReader(options.Input);
        var input = reader ?? stdin;
        var lineNumber = 0;
        var badLines = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var request = JsonRequestReader.Read(line, set);
            if (request.Errors.Count > 0)
            {
                badLines++;
                stderr.WriteLine($"{options.Input}:{lineNumber}: {string.Join("; ", request.Errors)}");
            }

            stdout.WriteLine(JsonDecisionWriter.Write(request.Id, request.Decide(set)));
        }

        return badLines == 0 ? CliApp.Ok : CliApp.Failed;
    }
}
