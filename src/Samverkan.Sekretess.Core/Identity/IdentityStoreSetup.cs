using Microsoft.AspNetCore.Identity;

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
}
