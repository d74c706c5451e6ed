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

    public static DbContextOptionsBuilder UseSekretessDatabase(this DbContextOptionsBuilder options, string provider, string connectionString) =>
        provider switch
        {
            DatabaseProviders.Sqlite => options.UseSqlite(connectionString,
                o => o.MigrationsAssembly("Samverkan.Sekretess.Migrations.Sqlite")),
            DatabaseProviders.PostgreSql => options.UseNpgsql(WithAutoPrepare(connectionString),
                o => o.MigrationsAssembly("Samverkan.Sekretess.Migrations.PostgreSql")),
            DatabaseProviders.SqlServer => options.UseSqlServer(connectionString,
                o => o.MigrationsAssembly("Samverkan.Sekretess.Migrations.SqlServer")),
            _ => throw new InvalidOperationException($"Unknown Database:Provider '{provider}'. Use Sqlite, PostgreSql or SqlServer."),
        };

    /// <summary>
    /// Turns on Npgsql's automatic preparation unless the operator set it: the same few dozen statements (PIP, case
    /// reads, the audit head) run on every request, and a prepared statement skips PostgreSQL's parse and plan on each
    /// (measured on the case overview, docs/benchmarks.md). An explicit <c>Max Auto Prepare=0</c> turns it off, e.g.
    /// behind a pooler in transaction mode that cannot keep prepared statements.
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        // Npgsql's own builder reports every known keyword as present; the generic one sees only what was written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
            return connectionString;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        return builder.ConnectionString;
    }
}
