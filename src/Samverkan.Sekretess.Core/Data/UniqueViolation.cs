using Microsoft.EntityFrameworkCore;

namespace Samverkan.Sekretess.Core.Data;

/// <summary>Whether a failed save was refused by a unique key, on any of the three providers.</summary>
internal static class UniqueViolation
{
    public static bool Is(DbUpdateException e) => e.InnerException switch
    {
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 1555 or 2067, // PRIMARYKEY, UNIQUE
        Microsoft.Data.SqlClient.SqlException q => q.Number is 2601 or 2627,
        _ => false,
    };
}
