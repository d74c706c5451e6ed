using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Samverkan.Sekretess.Core.Data;

/// <summary>
/// Refuses, before it is sent, any command with a text parameter that holds a NUL character (U+0000). PostgreSQL cannot
/// store NUL in text and answers 22021; with auto-prepare on (<see cref="ProviderSetup.DefaultMaxAutoPrepare"/>), Npgsql
/// 10.0.3 loses track of that connection when the error falls on the use where it prepares the statement, and the
/// <em>next</em> request on the pooled connection then fails ("Received unexpected backend message DataRow"). A caller
/// who sends NUL (a crafted user name or passkey user handle) could so break someone else's request. Refusing here
/// fails only the request that sent it. The exception names no value.
/// </summary>
internal sealed class NulCharacterGuard : DbCommandInterceptor
{
    public static readonly NulCharacterGuard Instance = new();

    private NulCharacterGuard()
    {
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>True if a text value (or any text in a list value) holds U+0000.</summary>
    public static bool HoldsNul(object? value) => value switch
    {
        string s => s.Contains('\0', StringComparison.Ordinal),
        IEnumerable<string?> list => list.Any(s => s is not null && s.Contains('\0', StringComparison.Ordinal)),
        _ => false,
    };

    private static void Check(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            if (HoldsNul(parameter.Value))
                throw new NulCharacterException();
        }
    }
}

/// <summary>A text value with a NUL character was refused before it reached the database (<see cref="NulCharacterGuard"/>).</summary>
public sealed class NulCharacterException() : InvalidOperationException("A text parameter held a NUL character; the command was not sent.");
