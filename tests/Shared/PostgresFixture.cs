namespace Samverkan.Sekretess.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test assembly (registered with [assembly: AssemblyFixture]).
/// Assembly fixtures start before any test class, so class fixtures reach the cluster through <see cref="Cluster"/>.
/// </summary>
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
