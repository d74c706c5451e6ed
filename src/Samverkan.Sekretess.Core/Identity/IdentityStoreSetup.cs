using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Samverkan.Sekretess.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Samverkan.Sekretess.Core.Identity;

/// <summary>
/// Identity's EF model depends on these store options, which EF reads from the application service
/// provider. One definition, used by the app and by every context built outside DI (tests, tools),
/// keeps migrations and model in agreement (stack.md §6).
/// </summary>
public static class IdentityStoreSetup
{
    public static void ConfigureStores(StoreOptions stores)
    {
        stores.SchemaVersion = IdentitySchemaVersions.Version3;
        stores.MaxLengthForKeys = 128;
    }

    /// <summary>
    /// Registers <see cref="SekretessDbContext"/> together with the store options its Identity model is built from, so
    /// no host (the app, the audit-verify CLI) can register one without the other.
    /// </summary>
    internal static IServiceCollection AddSekretessDbContext(this IServiceCollection services, string provider, string connectionString) =>
        services.AddDbContext<SekretessDbContext>(o => o.UseSekretessDatabase(provider, connectionString))
            .Configure<IdentityOptions>(o => ConfigureStores(o.Stores));

    /// <summary>
    /// Throws unless the context's application service provider carries exactly these store options: the Identity
    /// model is read from there, and EF caches the first model per process for every later context.
    /// </summary>
    internal static void RequireAppStores(IDbContextOptions options)
    {
        var stores = options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService<IOptions<IdentityOptions>>()?.Value.Stores;
        var expected = new StoreOptions();
        ConfigureStores(expected);
        if (stores is null || stores.SchemaVersion != expected.SchemaVersion || stores.MaxLengthForKeys != expected.MaxLengthForKeys)
            throw new InvalidOperationException(
                "SekretessDbContext must be built with the app's Identity store options (IdentityStoreSetup.ConfigureStores).");
    }
}
