using Microsoft.EntityFrameworkCore;

namespace Samverkan.Sekretess.Core.Tests.Infrastructure;

/// <summary>
/// The row count of every table of the model, and the number of audit entries: taken before and after a refused call,
/// they show that the refusal changed nothing but the one deny entry.
/// </summary>
internal sealed record TableSnapshot(long AuditEntries, string Tables)
{
    public static async Task<TableSnapshot> TakeAsync(CoreHost host)
    {
        await using var db = host.NewDbContext();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Where(t => t != "AuditEntries").Order(StringComparer.Ordinal);
        var counts = new List<string>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts.Add($"{table}={await command.ExecuteScalarAsync()}");
        }

        return new TableSnapshot(await db.AuditEntries.LongCountAsync(), string.Join(' ', counts));
    }
}
