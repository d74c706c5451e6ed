using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Auth;

/// <summary>
/// Cookies, the mandatory second factor, session timeouts and the login rate limit.
/// Only a completed second factor produces the application cookie; the password step alone gives a
/// five-minute "two-factor user id" cookie that opens nothing but the second-factor pages.
/// </summary>
internal static class AuthenticationSetup
{
    public const string MfaPolicy = "mfa";

    /// <summary>Policy of the second-factor pages: the password step is done (its five-minute cookie), the second factor is not.</summary>
    public const string MfaPendingPolicy = "mfa-pending";

    public static readonly string[] SecondFactorPages = ["/Account/Mfa", "/Account/Recovery", "/Account/Enrol"];

    /// <summary>
    /// The rate-limiter policy of every endpoint that takes a secret (password, code, client secret): its POSTs are limited
    /// per client address. It is attached to the endpoints themselves (<c>[EnableRateLimiting]</c> on the page models,
    /// <c>RequireRateLimiting</c> on the token endpoint), so whatever spelling of the path routing resolves to them — a
    /// trailing slash, other case, percent-encoding — is limited alike (issue 19: a raw-path list missed "/Account/Login/").
    /// </summary>
    public const string LoginRateLimitPolicy = "login";

    public static void AddSamverkanAuthentication(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(AuthenticationSettings.Section).Get<AuthenticationSettings>() ?? new AuthenticationSettings();
        var plainHttpAllowed = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing");
        var secure = plainHttpAllowed ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

        builder.Services.AddScoped<IUserClaimsPrincipalFactory<ApplicationUser>, MenuClaimsPrincipalFactory>();
        // Passkeys (WebAuthn): Identity's handler; user verification and a discoverable credential are required,
        // so that one passkey is two factors (possession + PIN/biometrics) and works without a user name.
        builder.Services.AddScoped<IPasskeyHandler<ApplicationUser>, PasskeyHandler<ApplicationUser>>();
        builder.Services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.ServerDomain = builder.Configuration["Authentication:Passkeys:ServerDomain"];
            o.UserVerificationRequirement = "required";
            o.ResidentKeyRequirement = "required";
            o.AuthenticatorTimeout = TimeSpan.FromMinutes(2);
            // The browser signs the page's origin into its answer; it must be this site (or a configured origin behind a
            // proxy), never a frame. Identity's default compares it with the request's Origin header, which browsers send
            // as "null" under our Referrer-Policy: no-referrer, so the expected origin is derived from the request instead.
            var origins = builder.Configuration.GetSection("Authentication:Passkeys:Origins").Get<string[]>() ?? [];
            o.ValidateOrigin = context =>
            {
                var request = context.HttpContext.Request;
                var own = request.Scheme + "://" + request.Host.Value;
                return ValueTask.FromResult(!context.CrossOrigin
                    && (string.Equals(context.Origin, own, StringComparison.OrdinalIgnoreCase) || origins.Contains(context.Origin, StringComparer.OrdinalIgnoreCase)));
            };
        });
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies(o =>
        {
            o.ApplicationCookie?.Configure(c =>
            {
                c.LoginPath = "/Account/Login";
                c.LogoutPath = "/Account/Logout";
                c.AccessDeniedPath = "/Account/Login";
                c.Cookie.Name = "samverkan.auth";
                c.Cookie.HttpOnly = true;
                c.Cookie.SameSite = SameSiteMode.Strict;
                c.Cookie.SecurePolicy = secure;
                c.ExpireTimeSpan = settings.IdleTimeout;
                c.SlidingExpiration = true;
                c.Events.OnSigningIn = context =>
                {
                    if (context.Principal?.Identity is ClaimsIdentity identity && !identity.HasClaim(x => x.Type == MfaClaims.AuthTime))
                    {
                        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                        identity.AddClaim(new Claim(MfaClaims.AuthTime, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
                    }

                    return Task.CompletedTask;
                };
                c.Events.OnValidatePrincipal = async context =>
                {
                    var principal = context.Principal;
                    var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                    // Fail closed: no second factor, no sign-in time, or past the absolute timeout → signed out.
                    if (principal is null || !principal.HasCompletedMfa()
                        || !long.TryParse(principal.FindFirstValue(MfaClaims.AuthTime), CultureInfo.InvariantCulture, out var authTime)
                        || now - DateTimeOffset.FromUnixTimeSeconds(authTime) > settings.AbsoluteTimeout)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }

                    // The stamp on every request (one lookup by key): a logout, a password change or an administrator's
                    // reset changes it, and a copy of the cookie made before must be dead at once, not at the next refresh.
                    var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<ApplicationUser>>();
                    if (await signIn.ValidateSecurityStampAsync(principal) is null)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }

                    // Refreshing the claims from the database (role, menu) runs at its own interval.
                    await SecurityStampValidator.ValidatePrincipalAsync(context);
                };
            });
            o.TwoFactorUserIdCookie?.Configure(c =>
            {
                c.Cookie.Name = "samverkan.mfa";
                c.Cookie.HttpOnly = true;
                c.Cookie.SameSite = SameSiteMode.Strict;
                c.Cookie.SecurePolicy = secure;
                c.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            });
        });
        builder.Services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = settings.SecurityStampValidationInterval;
            // The refreshed principal is built from the database; keep how and when the user signed in.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.NewPrincipal?.Identity is not ClaimsIdentity identity || context.CurrentPrincipal is null) return Task.CompletedTask;
                foreach (var type in new[] { MfaClaims.Amr, MfaClaims.AuthTime, MfaClaims.ReauthTime })
                {
                    if (identity.HasClaim(c => c.Type == type)) continue;
                    foreach (var claim in context.CurrentPrincipal.FindAll(type)) identity.AddClaim(new Claim(claim.Type, claim.Value));
                }

                return Task.CompletedTask;
            };
        });

        builder.Services.AddAuthorization(o =>
        {
            var mfa = new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(MfaClaims.Amr, MfaClaims.Mfa)
                .Build();
            o.AddPolicy(MfaPolicy, mfa);
            // The user id claim is required: Identity also keeps passkey ceremony state in this cookie, without a user.
            o.AddPolicy(MfaPendingPolicy, new AuthorizationPolicyBuilder(IdentityConstants.TwoFactorUserIdScheme)
                .RequireAuthenticatedUser().RequireClaim(ClaimTypes.Name).Build());
            o.DefaultPolicy = mfa;
            o.FallbackPolicy = mfa;
        });

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimitPolicy, context =>
            {
                // Reading the login page costs nothing to an attacker and nothing to us; only posts carry a secret.
                if (!HttpMethods.IsPost(context.Request.Method)) return RateLimitPartition.GetNoLimiter("");
                var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
                return RateLimitPartition.GetFixedWindowLimiter("login:" + address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.LoginPermitLimit, Window = settings.LoginWindow, QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Samverkan.RateLimit")
                    .LogWarning("Login rate limit reached on {Path}", context.HttpContext.Request.Path.Value);
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("För många inloggningsförsök. Vänta en stund och försök igen.", ct);
            };
        });
    }
}
