using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Tests.Infrastructure;

/// <summary>A context outside DI with the same Identity store options as the app (stack.md §6), for assertions and model checks.</summary>
internal static class TestDb
{
    public static SekretessDbContext Create(string provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<SekretessDbContext>();
        builder.UseSekretessDatabase(provider, connectionString)
            .UseApplicationServiceProvider(new ServiceCollection()
                .Configure<IdentityOptions>(o => IdentityStoreSetup.ConfigureStores(o.Stores)).BuildServiceProvider());
        return new SekretessDbContext(builder.Options);
    }
}
