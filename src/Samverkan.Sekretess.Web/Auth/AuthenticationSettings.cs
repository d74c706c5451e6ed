namespace Samverkan.Sekretess.Web.Auth;

/// <summary>Configuration section <c>Authentication</c>: session lifetime and the login rate limit.</summary>
public sealed class AuthenticationSettings
{
    public const string Section = "Authentication";

    /// <summary>A session ends after this long without a request (sliding). Default 15 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A session ends this long after the second factor, however active it is. Default 8 hours.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often the cookie's claims are rebuilt from the database. Default 1 minute. The security stamp itself (logout,
    /// changed credentials, an administrator's reset) is checked on every request regardless.
    /// </summary>
    public TimeSpan SecurityStampValidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Posts to the login and second-factor pages allowed per client address and window.</summary>
    public int LoginPermitLimit { get; set; } = 20;

    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);
}
