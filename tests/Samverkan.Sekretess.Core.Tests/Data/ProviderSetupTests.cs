using Microsoft.EntityFrameworkCore;
using Npgsql;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;

namespace Samverkan.Sekretess.Core.Tests.Data;

/// <summary>PostgreSQL connections prepare their recurring statements unless the operator says otherwise.</summary>
public sealed class ProviderSetupTests
{
    [Fact]
    public void PostgreSql_WithoutASetting_AutoPreparesAndKeepsTheRest()
    {
        var cs = new NpgsqlConnectionStringBuilder(ProviderSetup.WithAutoPrepare("Host=/tmp/x;Database=samverkan;Maximum Pool Size=7"));

        Assert.Equal(ProviderSetup.DefaultMaxAutoPrepare, cs.MaxAutoPrepare);
        Assert.Equal("/tmp/x", cs.Host);
        Assert.Equal("samverkan", cs.Database);
        Assert.Equal(7, cs.MaxPoolSize);
    }

    [Theory]
    [InlineData("Host=h;Max Auto Prepare=0", 0)]
    [InlineData("Host=h;max auto prepare=12", 12)]
    public void PostgreSql_AnExplicitSetting_IsKept(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(ProviderSetup.WithAutoPrepare(connectionString)).MaxAutoPrepare);

    [Fact]
    public void TheDbContext_UsesTheAutoPreparingConnectionString()
    {
        var builder = new DbContextOptionsBuilder<SekretessDbContext>();
        builder.UseSekretessDatabase(DatabaseProviders.PostgreSql, "Host=/nonexistent;Database=x");
        using var db = new SekretessDbContext(builder.Options);

        Assert.Equal(ProviderSetup.DefaultMaxAutoPrepare, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).MaxAutoPrepare);
    }
}
