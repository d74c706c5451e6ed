using System.Diagnostics;
using Npgsql;

namespace Samverkan.Sekretess.Testing;

/// <summary>
/// A private, throwaway PostgreSQL cluster for one test process (stack.md §3): initdb into a temp
/// folder, unix socket only (no TCP port to collide on), stopped and deleted at the end.
/// Uses PGTEST_CONNSTR instead when it is set. Each test class gets its own database.
/// </summary>
public sealed class PgCluster : IAsyncDisposable
{
    private readonly string? _root;
    private readonly string? _pgBin;
    private int _databaseCounter;

    private PgCluster(string adminConnectionString, string? root, string? pgBin)
    {
        AdminConnectionString = adminConnectionString;
        _root = root;
        _pgBin = pgBin;
    }

    public string AdminConnectionString { get; }

    public static async Task<PgCluster> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("PGTEST_CONNSTR");
        if (!string.IsNullOrEmpty(external)) return new PgCluster(external, null, null);

        var pgBin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (pgBin is null)
            throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql. Install them: apt-get install -y postgresql");

        // Short path: the unix socket path limit is about 107 characters.
        var root = Directory.CreateTempSubdirectory("pgt").FullName;
        var asRoot = Environment.IsPrivilegedProcess;
        if (asRoot) await RunAsync("chown", $"postgres:postgres {root}");
        await RunAsync(pgBin + "/initdb", $"-D {root}/data -U postgres -A trust -E UTF8 --no-locale --no-sync --no-instructions", asRoot);
        // -l is required: without it the postmaster keeps our stdout pipe open and we would hang.
        await RunAsync(pgBin + "/pg_ctl",
            $"-D {root}/data -l {root}/server.log -w -t 30 -o \"-k {root} -p 5432 -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=500\" start",
            asRoot);
        return new PgCluster($"Host={root};Port=5432;Username=postgres;Database=postgres;Pooling=true", root, pgBin);
    }

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Interlocked.Increment(ref _databaseCounter)}_{Environment.ProcessId}";
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        // Every test class has its own database and so its own pool; idle connections would otherwise stay open for
        // Npgsql's default 300 s and, with many test classes running in parallel, exhaust the cluster's max_connections
        // (CI failed once on "53300: too many clients"). Close idle ones quickly instead.
        return new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            ConnectionIdleLifetime = 5,
            ConnectionPruningInterval = 2,
        }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_root is null || _pgBin is null) return;
        try
        {
            await RunAsync(_pgBin + "/pg_ctl", $"-D {_root}/data -m immediate -w stop", Environment.IsPrivilegedProcess);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task RunAsync(string file, string arguments, bool asPostgres = false)
    {
        var psi = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }
}
