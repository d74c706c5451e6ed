namespace Samverkan.Sekretess.Core.Hosting;

/// <summary>Configuration section "Database": which provider and where.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    /// <summary>Sqlite (embedded default), PostgreSql (production) or SqlServer.</summary>
    public string Provider { get; set; } = DatabaseProviders.Sqlite;
    public string ConnectionString { get; set; } = "";
    /// <summary>Apply migrations and seed demo data at startup.</summary>
    public bool MigrateOnStartup { get; set; } = true;
    public bool SeedDemoData { get; set; } = true;
}

public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSql";
    public const string SqlServer = "SqlServer";
}
