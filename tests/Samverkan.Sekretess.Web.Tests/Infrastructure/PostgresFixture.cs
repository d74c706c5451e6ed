using Samverkan.Sekretess.Testing;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL cluster for the whole test assembly.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static PgCluster? _cluster;

    public static PgCluster Cluster => _cluster ?? throw new InvalidOperationException("Cluster not started.");

    public async ValueTask InitializeAsync() => _cluster = await PgCluster.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
