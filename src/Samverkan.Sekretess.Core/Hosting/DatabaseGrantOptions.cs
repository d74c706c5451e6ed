namespace Samverkan.Sekretess.Core.Hosting;

/// <summary>
/// Part of configuration section "Database": the PostgreSQL login role the application runs as, and
/// whether <c>DatabaseInitializer.MigrateAsync</c> (run as the schema owner) should create it and apply
/// its grants (db/scripts/postgresql-app-role.sql): no UPDATE, DELETE or TRUNCATE on "AuditEntries".
/// </summary>
public sealed class DatabaseGrantOptions
{
    /// <summary>Create/refresh the application role and its grants after migrating (PostgreSQL only).</summary>
    public bool ApplyGrants { get; set; }

    /// <summary>The application's login role; a plain lower-case identifier.</summary>
    public string AppRole { get; set; } = "samverkan_app";
}
