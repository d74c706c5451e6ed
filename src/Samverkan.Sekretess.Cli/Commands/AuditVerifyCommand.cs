using System.Globalization;
using Samverkan.Sekretess.Core.Audit;

namespace Samverkan.Sekretess.Cli.Commands;

/// <summary>
/// <c>audit verify</c>: verifies the audit log's hash chain straight against the database with a progress bar, compares
/// its head with the newest signed checkpoint (from --checkpoints, else Audit__CheckpointDirectory, else the embedded
/// default's data/audit-checkpoints) and checks every checkpoint file, names the first broken entry precisely, says plainly
/// when there was no checkpoint to compare with, and records the result in the log itself.
/// Exit 0 intact, 1 broken (or a checkpoint does not verify), 2 usage error.
/// </summary>
internal static class AuditVerifyCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> env)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || args[i] is not ("--connection" or "--provider" or "--key" or "--checkpoints" or "--checkpoint-key"))
            {
                stderr.WriteLine($"okänt eller ofullständigt argument '{args[i]}'");
                return CliApp.Usage;
            }

            values[args[i]] = args[i + 1];
        }

        var connection = values.GetValueOrDefault("--connection") ?? env("SAMVERKAN_DB") ?? env("Database__ConnectionString");
        var provider = values.GetValueOrDefault("--provider") ?? env("Database__Provider") ?? "PostgreSql";
        if (provider is not ("PostgreSql" or "Sqlite" or "SqlServer"))
        {
            stderr.WriteLine($"okänd databasleverantör '{provider}': ange --provider PostgreSql, Sqlite eller SqlServer");
            return CliApp.Usage;
        }

        // The embedded default keeps its keys and checkpoints beside the database: found there when not given.
        var embedded = EmbeddedDataDirectory(provider, connection);
        var key = values.GetValueOrDefault("--key") ?? env("SAMVERKAN_AUDIT_KEY") ?? env("Keys__AuditChainKey") ?? EmbeddedChainKey(embedded);
        if (string.IsNullOrWhiteSpace(connection) || string.IsNullOrWhiteSpace(key))
        {
            stderr.WriteLine("ange --connection och --key (eller SAMVERKAN_DB och SAMVERKAN_AUDIT_KEY)");
            return CliApp.Usage;
        }

        // Checkpoints: as given, else as the app is configured (Audit__*), else the embedded default's.
        var checkpoints = values.GetValueOrDefault("--checkpoints") ?? env("Audit__CheckpointDirectory")
            ?? (embedded is null ? null : Path.Combine(embedded, "audit-checkpoints"));
        string? publicKey = env("Audit__CheckpointVerificationKey") ?? env("Audit__CheckpointSigningKey");
        if (values.TryGetValue("--checkpoint-key", out var keyFile))
        {
            if (!File.Exists(keyFile))
            {
                stderr.WriteLine($"nyckelfilen {keyFile} finns inte");
                return CliApp.Usage;
            }

            publicKey = await File.ReadAllTextAsync(keyFile);
        }
        else if (string.IsNullOrWhiteSpace(publicKey) && embedded is not null && File.Exists(Path.Combine(embedded, "audit-checkpoint-key.pem")))
        {
            publicKey = await File.ReadAllTextAsync(Path.Combine(embedded, "audit-checkpoint-key.pem"));
        }

        AuditVerificationOutcome outcome;
        try
        {
            var bar = new ProgressBar(stderr);
            outcome = await AuditVerificationTool.RunAsync(
                new AuditVerificationSettings(provider, connection, key, checkpoints, publicKey), bar.Draw, CancellationToken.None);
            bar.Finish();
        }
        catch (Exception e) when (IsConnectionProblem(e))
        {
            // A connection string for another provider (the embedded default's SQLite file without --provider) or a database that
            // cannot be reached: a plain answer instead of a stack trace. Never the connection string itself (it may hold a password).
            stderr.WriteLine($"loggen kunde inte läsas med databasleverantören {provider} ({Innermost(e).GetType().Name}). Kontrollera --connection och ange "
                + "--provider PostgreSql|Sqlite|SqlServer (utan --provider och Database__Provider gäller PostgreSql).");
            return CliApp.Usage;
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine(e.Message);
            return CliApp.Usage;
        }

        Print(outcome, stdout);
        return outcome.IsIntact ? CliApp.Ok : CliApp.Failed;
    }

    /// <summary>EF wraps a refused connection in an InvalidOperationException ("transient failure"): look at the causes too.</summary>
    private static bool IsConnectionProblem(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is ArgumentException or System.Data.Common.DbException or IOException or TimeoutException or System.Net.Sockets.SocketException) return true;
        return false;
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static void Print(AuditVerificationOutcome o, TextWriter stdout)
    {
        var c = o.Chain;
        if (c.IsIntact)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loggkedjan är obruten: {c.EntriesChecked} poster kontrollerade (senaste post {o.HeadSequence})."));
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loggkedjan är BRUTEN vid post {c.FirstBrokenSequence}: {c.Problem}"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.EntriesChecked} poster före den verifierades."));
            if (c.Detail is { } d)
            {
                if (d.OccurredAt is { } t) stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  tid (UTC):          {t:yyyy-MM-dd HH:mm:ss.ffffff}"));
                if (d.Action is not null) stdout.WriteLine($"  åtgärd:             {d.Action}");
                if (d.ActorUserId is not null) stdout.WriteLine($"  användar-id:        {d.ActorUserId}");
                stdout.WriteLine($"  väntad föregående:  {d.ExpectedPreviousHash}");
                if (d.StoredPreviousHash is not null) stdout.WriteLine($"  lagrad föregående:  {d.StoredPreviousHash}");
                if (d.StoredHash is not null) stdout.WriteLine($"  lagrad hash:        {d.StoredHash}");
                if (d.ComputedHash is not null) stdout.WriteLine($"  beräknad hash:      {d.ComputedHash}");
            }
        }

        // What the chain's end was compared with: confirmed up to a checkpoint, or plainly that nothing could be compared.
        if (c.Tail is { } tail && (c.IsIntact || tail.State is not (AuditTailState.Truncated or AuditTailState.Rewritten)))
            stdout.WriteLine(tail.Message);

        foreach (var (file, r) in o.Checkpoints)
            stdout.WriteLine(r.IsValid
                ? string.Create(CultureInfo.InvariantCulture, $"Kontrollpunkt {file}: giltig (post {r.CheckpointSequence}).")
                : string.Create(CultureInfo.InvariantCulture, $"Kontrollpunkt {file}: OGILTIG vid post {r.FirstBrokenSequence}: {r.Problem}"));
        stdout.WriteLine("Resultatet är registrerat i loggen (audit.verify).");
    }

    /// <summary>The data folder of the embedded default (SQLite): the database file's folder, if it holds the app's keys.json.</summary>
    private static string? EmbeddedDataDirectory(string provider, string? connection)
    {
        if (!string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(connection)) return null;
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection };
        if (!builder.TryGetValue("Data Source", out var source) || source is not string file || file.Length == 0) return null;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        return folder is not null && File.Exists(Path.Combine(folder, "keys.json")) ? folder : null;
    }

    private static string? EmbeddedChainKey(string? folder)
    {
        if (folder is null) return null;
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "keys.json")));
        return json.RootElement.TryGetProperty("Keys", out var keys) && keys.TryGetProperty("AuditChainKey", out var k) ? k.GetString() : null;
    }

    /// <summary>A one-line text progress bar on stderr (redrawn with \r), so stdout stays clean for scripts.</summary>
    private sealed class ProgressBar(TextWriter writer)
    {
        private const int Width = 30;
        private int _lastPercent = -1;

        public void Draw(long done, long total)
        {
            var percent = total == 0 ? 100 : (int)Math.Min(100, done * 100 / total);
            if (percent == _lastPercent) return;
            _lastPercent = percent;
            var filled = percent * Width / 100;
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('-', Width - filled)}] {percent,3} % ({done}/{total})"));
        }

        public void Finish()
        {
            if (_lastPercent >= 0) writer.WriteLine();
        }
    }
}
