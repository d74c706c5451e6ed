using Samverkan.Sekretess.Core.Tests.Infrastructure;
using Samverkan.Sekretess.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace Samverkan.Sekretess.Core.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL cluster for the whole test assembly.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static PgCluster? _cluster;

    /// <summary>The running cluster; assembly fixtures start before any test class.</summary>
    public static PgCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster not started.");

    public async ValueTask InitializeAsync() => _cluster = await PgCluster.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
