using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Hosting;

namespace Samverkan.Sekretess.Core.Data;

/// <summary>One migrations assembly per provider (EF's documented pattern); the Web host references all three.</summary>
internal static class ProviderSetup
{
    public static DbContextOptionsBuilder UseSekretessDatabase(this DbContextOptionsBuilder options, string provider, string connectionString) =>
        provider switch
        {
            DatabaseProviders.Sqlite => options.UseSqlite(connectionString,
                o => o.MigrationsAssembly("Samverkan.Sekretess.Migrations.Sqlite")),
            DatabaseProviders.PostgreSql => options.UseNpgsql(connectionString,
                o => o.MigrationsAssembly("Samverkan.Sekretess.Migrations.PostgreSql")),
            DatabaseProviders.SqlServer => options.UseSqlServer(connectionString,
                o => o.MigrationsAssembly("Samverkan.Sekretess.Migrations.SqlServer")),
            _ => throw new InvalidOperationException($"Unknown Database:Provider '{provider}'. Use Sqlite, PostgreSql or SqlServer."),
        };
}
