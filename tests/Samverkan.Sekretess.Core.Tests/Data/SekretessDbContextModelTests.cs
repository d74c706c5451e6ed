using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Tests.Data;

/// <summary>
/// EF caches the first model it builds for every later context of the process, and Identity's part of that model depends on
/// store options read from the application service provider. A context built without the app's options is refused before
/// anything is cached (such a context once gave the passkey pages a model without the passkeys table, depending on test
/// order). Each test uses its own model cache, so that this process's already cached model does not hide the check.
/// </summary>
public sealed class SekretessDbContextModelTests
{
    [Fact]
    public void WithoutAnyApplicationServices_TheModelIsRefused()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions());
        using var db = Context(cache, services: null);

        var refused = Assert.Throws<InvalidOperationException>(() => db.Model);
        Assert.Contains("IdentityStoreSetup.ConfigureStores", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithIdentitysDefaultStoreOptions_TheModelIsRefused_AndTheCacheKeepsTheAppsModel()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions());
        // What AddDbContext alone gives (the audit-verify CLI once did this): options exist, with Identity's schema version 1.
        using var defaults = Context(cache, new ServiceCollection().AddOptions().BuildServiceProvider());
        Assert.Throws<InvalidOperationException>(() => defaults.Model);

        using var app = Context(cache, new ServiceCollection()
            .Configure<IdentityOptions>(o => IdentityStoreSetup.ConfigureStores(o.Stores)).BuildServiceProvider());
        Assert.NotNull(app.Model.FindEntityType(typeof(IdentityUserPasskey<string>)));
    }

    private static SekretessDbContext Context(IMemoryCache cache, IServiceProvider? services)
    {
        var builder = new DbContextOptionsBuilder<SekretessDbContext>();
        builder.UseSekretessDatabase(DatabaseProviders.Sqlite, "Data Source=:memory:").UseMemoryCache(cache);
        if (services is not null) builder.UseApplicationServiceProvider(services);
        return new SekretessDbContext(builder.Options);
    }
}
