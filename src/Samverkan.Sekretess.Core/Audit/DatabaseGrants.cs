using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// Applies db/scripts/postgresql-app-role.sql (embedded in Core): the application's login role may read
/// and append to the audit log but never update, delete or truncate it. Run by the schema owner.
/// </summary>
internal static partial class DatabaseGrants
{
    private const string ScriptResource = "Samverkan.Sekretess.Core.postgresql-app-role.sql";

    public static async Task ApplyAsync(SekretessDbContext db, DatabaseGrantOptions options, CancellationToken ct)
    {
        if (!options.ApplyGrants) return;
        if (!db.Database.IsNpgsql())
            throw new InvalidOperationException("Database:ApplyGrants is supported on PostgreSQL only.");
        if (!RoleName().IsMatch(options.AppRole))
            throw new InvalidOperationException("Database:AppRole must be a lower-case identifier ([a-z_][a-z0-9_]{0,62}).");

        // The role name is validated above and also quoted with %I inside the script.
        var sql = Script.Replace("__APP_ROLE__", options.AppRole, StringComparison.Ordinal);
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    internal static string Script { get; } = LoadScript();

    private static string LoadScript()
    {
        using var stream = typeof(DatabaseGrants).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"Embedded resource {ScriptResource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleName();
}
