using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Samverkan.Sekretess.Core.Data;

/// <summary>
/// An EF compiled query, compiled once per database provider. A compiled query binds to the model of the first context
/// that runs it and throws for any other, and one process can hold contexts of two providers (the tests run SQLite
/// beside PostgreSQL; a migration tool may too), so each provider gets its own compiled delegate.
/// </summary>
internal sealed class CompiledPerProvider<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConcurrentDictionary<string, TQuery> _byProvider = new(StringComparer.Ordinal);

    public TQuery For(DbContext db) => _byProvider.GetOrAdd(db.Database.ProviderName ?? "", _ => compile());
}
