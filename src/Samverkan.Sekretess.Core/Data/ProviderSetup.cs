using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Samverkan.Sekretess.Core.Hosting;

namespace Samverkan.Sekretess.Core.Data;

/// <summary>One migrations assembly per provider (EF's documented pattern); the Web host references all three.</summary>
internal static class ProviderSetup
{
    /// <summary>Prepared statements kept per physical connection when the connection string does not say otherwise.</summary>
    internal const int DefaultMaxAutoPrepare = 64;

    /// <summary>PostgreSQL settings sent at connection start when the connection string has no <c>Options</c>.</summary>
    internal const string DefaultOptions = "-c jit=off";

    public static DbContextOptionsBuilder UseSekretessDatabase(this DbContextOptionsBuilder options, string provider, string connectionString) =>
        provider switch
        {
            DatabaseProviders.Sqlite => options.UseSqlite(connectionString,
                o => o.MigrationsAssembly("Samverkan.Sekretess.Migrations.Sqlite")),
            DatabaseProviders.PostgreSql => options.UseNpgsql(WithSessionDefaults(connectionString),
                o => o.MigrationsAssembly("Samverkan.Sekretess.Migrations.PostgreSql")).AddInterceptors(NulCharacterGuard.Instance),
            DatabaseProviders.SqlServer => options.UseSqlServer(connectionString,
                o => o.MigrationsAssembly("Samverkan.Sekretess.Migrations.SqlServer")),
            _ => throw new InvalidOperationException($"Unknown Database:Provider '{provider}'. Use Sqlite, PostgreSql or SqlServer."),
        };

    /// <summary>
    /// Two PostgreSQL session defaults, each only where the operator's connection string does not set it:
    /// <list type="bullet">
    /// <item><c>Max Auto Prepare=64</c>: the same few dozen statements (PIP, case reads, the audit head) run on every
    /// request, and a prepared statement skips PostgreSQL's parse and plan each time. <c>Max Auto Prepare=0</c> turns it
    /// off, e.g. behind a pooler in transaction mode.</item>
    /// <item><c>Options=-c jit=off</c>: PostgreSQL's JIT pays off for long analytic queries; here it only fires on the
    /// DPO's large exports and searches, where compiling took 0.6–1.9 s of a 4 s query (docs/benchmarks-audit.md).
    /// Any non-empty <c>Options</c> in the connection string replaces this default.</item>
    /// </list>
    /// </summary>
    internal static string WithSessionDefaults(string connectionString)
    {
        // Npgsql's own builder reports every known keyword as present; the generic one sees only what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!written.Contains("MaxAutoPrepare")) builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        if (!written.Contains("Options")) builder.Options = DefaultOptions;
        return builder.ConnectionString;
    }
}
