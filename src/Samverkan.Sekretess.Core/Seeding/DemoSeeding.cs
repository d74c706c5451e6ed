using Microsoft.Extensions.Hosting;

namespace Samverkan.Sekretess.Core.Seeding;

/// <summary>
/// Where the demo may be seeded. Every demo user gets the published password and the published TOTP secret
/// (<see cref="DemoPersonas"/>), so seeding anywhere real people sign in would hand out working credentials.
/// </summary>
public static class DemoSeeding
{
    /// <summary>Development and Testing only; every other environment (Production, Staging, …) is refused.</summary>
    public static bool IsAllowedIn(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() || environment.IsEnvironment("Testing");
    }

    /// <summary>Fail closed: stops the app before anything is created when demo seeding is on outside Development/Testing.</summary>
    public static void ThrowIfNotAllowed(bool seedDemoData, IHostEnvironment environment)
    {
        if (seedDemoData && !IsAllowedIn(environment)) throw new InvalidOperationException(RefusedMessage(environment.EnvironmentName));
    }

    internal static string RefusedMessage(string environmentName) =>
        $"Database:SeedDemoData is true in the environment '{environmentName}'. The demo users have a published password and TOTP secret; "
        + "demo data is seeded only in Development and Testing. Set Database__SeedDemoData=false (docs/operations.md).";
}
