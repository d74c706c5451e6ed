using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Samverkan.Sekretess.Core;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Identity.Clients;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Web.Api;
using Samverkan.Sekretess.Web.Auth;
using Samverkan.Sekretess.Web.Auth.Federation;
using Samverkan.Sekretess.Web.Auth.Oidc;
using Samverkan.Sekretess.Web.Infrastructure;
using Samverkan.Sekretess.Web.Jobs;

var builder = WebApplication.CreateBuilder(args);

var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
// The demo users have a published password and TOTP secret: outside Development/Testing, seeding them stops the app
// here, before anything is created (docs/operations.md).
DemoSeeding.ThrowIfNotAllowed(database.SeedDemoData, builder.Environment);
string? dataDirectory = null;
if (database.Provider == DatabaseProviders.Sqlite)
{
    // Embedded default: everything lives in a data folder beside the app; nothing to install. Owner-only, like the keys.
    dataDirectory = Path.Combine(builder.Environment.ContentRootPath, "data");
    EmbeddedKeys.AddTo(builder.Configuration, dataDirectory);
    EmbeddedKeys.SecureDatabaseFile(database.ConnectionString);
    // Archive packages (gallring, "bevara") go to a folder beside the data unless configured.
    if (string.IsNullOrWhiteSpace(builder.Configuration["Retention:ArchiveDirectory"]))
        builder.Configuration["Retention:ArchiveDirectory"] = Path.Combine(dataDirectory, "arkivleverans");
}

// Small, explicit request limits: the largest legitimate form (an item, 20,000 characters) is far below them.
builder.WebHost.ConfigureKestrel(o =>
{
    o.Limits.MaxRequestBodySize = 1_000_000;
    o.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
    o.Limits.MaxRequestLineSize = 8 * 1024;
});
builder.Services.AddSekretessCore(builder.Configuration);
// Client info (channel and address) in every audit entry written while serving a request.
builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton<Samverkan.Sekretess.Core.Audit.IAuditClient, HttpAuditClient>();
// The client's address from a configured reverse proxy only (ForwardedHeaders:KnownProxies/KnownNetworks; none = ignored).
builder.AddSamverkanForwardedHeaders();
// Cookies, mandatory second factor, session timeouts, login rate limit (Auth/AuthenticationSetup.cs).
builder.AddSamverkanAuthentication();
// OpenID Connect server (authorization code + PKCE, client credentials) and token validation for /api (Auth/Oidc).
var oidcCertificates = builder.AddSamverkanOidcServer(dataDirectory);
// Login through external OpenID Connect providers (Authentication:Federation:<name>), if any are configured (Auth/Federation).
builder.AddSamverkanFederation(oidcCertificates);
// Background jobs (Hangfire): storage from Jobs:Storage (Auto follows the database); see Jobs/JobsSetup.cs.
var jobStorage = builder.AddSamverkanJobs(database, dataDirectory);
builder.Services.AddRazorPages(o =>
{
    // Everything needs a signed-in user unless a page says otherwise; the gateway decides the rest.
    // The default (and fallback) policy demands a completed second factor (amr=mfa).
    // The second-factor pages instead demand the password step's short-lived cookie (policy "mfa-pending").
    o.Conventions.AddFolderApplicationModelConvention("/", page =>
        page.EndpointMetadata.Add(AuthenticationSetup.SecondFactorPages.Contains(page.ViewEnginePath, StringComparer.OrdinalIgnoreCase)
            ? new AuthorizeAttribute(AuthenticationSetup.MfaPendingPolicy)
            : new AuthorizeAttribute()));
    o.Conventions.AllowAnonymousToPage("/Index");
    o.Conventions.AllowAnonymousToPage("/Account/Login");
    o.Conventions.AllowAnonymousToPage("/Account/FirstSignIn");
    // Reached from an API client's logout, often without the session cookie (SameSite=Strict): it only asks.
    o.Conventions.AllowAnonymousToPage("/Account/EndSession");
    o.Conventions.AllowAnonymousToPage("/Error");
    o.Conventions.AllowAnonymousToPage("/NotFound");
}).AddMvcOptions(o =>
{
    o.Filters.Add<AccessDeniedToNotFoundFilter>();
    o.Filters.Add<UnknownHandlerToNotFoundFilter>();
});
builder.Services.AddAntiforgery(o =>
{
    o.Cookie.Name = "samverkan.csrf";
    o.Cookie.SameSite = SameSiteMode.Strict;
    o.Cookie.HttpOnly = true;
    o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing")
        ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
});

builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

var app = builder.Build();
OidcServerSetup.ThrowIfKeysMissing(app.Configuration, app.Environment, dataDirectory);
// Fail closed: outside development, tests and the embedded default (which made its own), the key ring must be certificate-protected.
if (dataDirectory is null && !app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing")
    && KeyRingProtectionOptions.RequiredButMissing(app.Configuration.GetSection(KeyRingProtectionOptions.Section).Get<KeyRingProtectionOptions>()) is { } missing)
    throw new InvalidOperationException(missing);

using (var scope = app.Services.CreateScope())
{
    // Fail closed at startup: an invalid policy set or missing key stops the app here.
    _ = scope.ServiceProvider.GetRequiredService<PolicyProvider>();
    var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
    if (database.MigrateOnStartup) await initializer.MigrateAsync(CancellationToken.None);
    if (database.SeedDemoData) await initializer.SeedDemoDataAsync(CancellationToken.None);
    // Configuration is the source of truth for API clients: register, update or remove them (fail closed on an invalid one).
    var clients = app.Configuration.GetSection(OidcServerSettings.Section).Get<OidcServerSettings>()?.Clients ?? [];
    await scope.ServiceProvider.GetRequiredService<ApiClientRegistration>().SyncAsync(clients, CancellationToken.None);
}

if (jobStorage != JobStorages.None) app.RegisterRecurringJobs();

// First, so that the rate limiter, HTTPS redirection and the audit log see the client's address and scheme.
app.UseForwardedHeaders();
var swedish = new CultureInfo("sv-SE");
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture(swedish),
    SupportedCultures = [swedish, new CultureInfo("en")],
    SupportedUICultures = [swedish, new CultureInfo("en")],
});
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
}

if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
{
    // Outside development and tests: HTTPS only, and browsers are told so for a year (HSTS).
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.UseSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/NotFound");
app.UseNoStatusPagesForApi();
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
if (jobStorage != JobStorages.None) app.UseSamverkanJobDashboard();
app.MapRazorPages();
app.MapSamverkanOidcEndpoints();
app.MapSamverkanApi();
app.MapSamverkanFederation();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    if (!database.SeedDemoData) return;
    Console.WriteLine();
    Console.WriteLine($"Samverkan.Sekretess kör på: {string.Join(", ", addresses)}");
    Console.WriteLine($"Logga in som en demopersona (lösenord för alla: {DemoPersonas.Password}):");
    foreach (var u in DemoPersonas.Users) Console.WriteLine($"  {u.UserName,-20} {u.DisplayName}");
    Console.WriteLine($"Tvåstegsverifiering: lägg in demonyckeln {DemoPersonas.TotpSecret} (TOTP, SHA-1, 6 siffror, 30 s) i en autentiseringsapp,");
    Console.WriteLine($"  t.ex. som URI: {DemoPersonas.TotpUri("demo")}");
    Console.WriteLine();
});

await app.RunAsync();

/// <summary>Entry point type, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
