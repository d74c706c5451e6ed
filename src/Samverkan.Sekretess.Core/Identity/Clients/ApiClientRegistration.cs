using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Samverkan.Sekretess.Core.Data;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Samverkan.Sekretess.Core.Identity.Clients;

/// <summary>
/// Registers the configured API clients with the OpenID Connect server (configuration is the source of truth:
/// clients no longer configured are removed) and gives each client-credentials client its own system actor:
/// a user of the configured authority with role <see cref="Roles.SystemIntegration"/>, no password and no
/// interactive sign-in. Access by that actor is decided by the policies like anyone's, and it is named in the audit log.
/// </summary>
public sealed partial class ApiClientRegistration
{
    /// <summary>Application property that links a client to its system actor's user id.</summary>
    public const string SystemUserProperty = "samverkan_system_user";

    private readonly SekretessDbContext _db;
    private readonly IOpenIddictApplicationManager _applications;
    private readonly UserManager<ApplicationUser> _users;
    private readonly SecurityEvents _events;
    private readonly TimeProvider _clock;

    internal ApiClientRegistration(SekretessDbContext db, IOpenIddictApplicationManager applications, UserManager<ApplicationUser> users,
        SecurityEvents events, TimeProvider clock)
    {
        _db = db;
        _applications = applications;
        _users = users;
        _events = events;
        _clock = clock;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex ClientIdPattern();

    /// <summary>
    /// Creates, updates or removes registrations so that the server knows exactly the configured clients.
    /// An invalid registration stops startup (fail closed) with a message that names the client, never its secret.
    /// </summary>
    public async Task SyncAsync(IReadOnlyDictionary<string, ApiClientSettings> clients, CancellationToken ct)
    {
        foreach (var (clientId, settings) in clients) Validate(clientId, settings);

        foreach (var (clientId, settings) in clients.Where(c => !c.Value.Disabled))
        {
            var systemUserId = settings.GrantTypes.Contains(ApiGrantTypes.ClientCredentials)
                ? await EnsureSystemActorAsync(clientId, settings, ct)
                : null;
            var descriptor = Describe(clientId, settings, systemUserId);
            var existing = await _applications.FindByClientIdAsync(clientId, ct);
            if (existing is null)
            {
                await _applications.CreateAsync(descriptor, ct);
                await _events.RecordAsync(null, SecurityActions.ApiClientRegistered, permitted: true, targetUserId: systemUserId, ct: ct);
            }
            else
            {
                var secret = descriptor.ClientSecret;
                descriptor.ClientSecret = null;
                await _applications.UpdateAsync(existing, descriptor, ct);
                if (secret is not null) await _applications.UpdateAsync(existing, secret, ct);
            }
        }

        // Removed or disabled clients: no registration (no new tokens) and a disabled system actor (old tokens fail at the gateway).
        var configured = clients.Where(c => !c.Value.Disabled).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var stale = new List<object>();
        await foreach (var application in _applications.ListAsync(null, null, ct))
        {
            if (!configured.Contains(await _applications.GetClientIdAsync(application, ct) ?? "")) stale.Add(application);
        }

        foreach (var application in stale)
        {
            var userId = await SystemUserIdAsync(application, ct);
            await _applications.DeleteAsync(application, ct);
            if (userId is not null && await _users.FindByIdAsync(userId) is { } user && !user.Disabled)
            {
                user.Disabled = true;
                await _users.UpdateAsync(user);
                await _users.UpdateSecurityStampAsync(user);
            }

            await _events.RecordAsync(null, SecurityActions.ApiClientRemoved, permitted: true, targetUserId: userId, ct: ct);
        }
    }

    /// <summary>The user id of a client's system actor, or null if the client has none (or is unknown).</summary>
    public async Task<string?> FindSystemActorAsync(string clientId, CancellationToken ct)
    {
        var application = await _applications.FindByClientIdAsync(clientId, ct);
        return application is null ? null : await SystemUserIdAsync(application, ct);
    }

    private async Task<string?> SystemUserIdAsync(object application, CancellationToken ct)
    {
        var properties = await _applications.GetPropertiesAsync(application, ct);
        return properties.TryGetValue(SystemUserProperty, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private async Task<string> EnsureSystemActorAsync(string clientId, ApiClientSettings settings, CancellationToken ct)
    {
        var authorityId = await _db.Authorities.AsNoTracking().Where(a => a.Code == settings.AuthorityCode).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"OpenIddict:Clients:{clientId}:AuthorityCode names no authority.");
        var userName = "system." + clientId;
        var user = await _users.FindByNameAsync(userName);
        var now = _clock.GetUtcNow().UtcDateTime;
        var source = "config:OpenIddict:Clients:" + clientId;
        if (user is null)
        {
            user = new ApplicationUser
            {
                UserName = userName, DisplayName = "Systemintegration: " + (settings.DisplayName.Length > 0 ? settings.DisplayName : clientId),
                AuthorityId = authorityId, Role = Roles.SystemIntegration, Unit = "Systemintegration", AttributeSource = source,
                AttributesVerifiedAt = now, LockoutEnabled = true,
            };
            var created = await _users.CreateAsync(user); // no password: it can never take the password step
            if (!created.Succeeded) throw new InvalidOperationException($"The system actor of client {clientId} could not be created.");
            await _events.RecordAsync(null, SecurityActions.UserCreated, permitted: true, targetUserId: user.Id, ct: ct);
            return user.Id;
        }

        if (user.Role != Roles.SystemIntegration)
            throw new InvalidOperationException($"The user name of client {clientId}'s system actor belongs to a person.");
        if (user.AuthorityId != authorityId || user.Disabled)
        {
            // A changed mapping is an attribute change: new provenance, new security stamp, and an audit entry.
            user.AuthorityId = authorityId;
            user.Disabled = false;
            user.AttributeSource = source;
            user.AttributesVerifiedAt = now;
            await _users.UpdateAsync(user);
            await _users.UpdateSecurityStampAsync(user);
            await _events.RecordAsync(null, SecurityActions.AttributesChanged, permitted: true, targetUserId: user.Id, ct: ct);
        }

        return user.Id;
    }

    private static OpenIddictApplicationDescriptor Describe(string clientId, ApiClientSettings settings, string? systemUserId)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = settings.DisplayName.Length > 0 ? settings.DisplayName : clientId,
            ClientType = settings.Type == ApiClientTypes.Confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ClientSecret = settings.Type == ApiClientTypes.Confidential ? settings.ClientSecret : null,
            // Clients are registered by the operator, so the person is not asked again for consent.
            ConsentType = ConsentTypes.Implicit,
        };
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.Prefixes.Scope + ApiScopes.Read);
        if (settings.GrantTypes.Contains(ApiGrantTypes.AuthorizationCode))
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Authorization);
            descriptor.Permissions.Add(Permissions.Endpoints.EndSession);
            descriptor.Permissions.Add(Permissions.GrantTypes.AuthorizationCode);
            descriptor.Permissions.Add(Permissions.ResponseTypes.Code);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in settings.RedirectUris) descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
            foreach (var uri in settings.PostLogoutRedirectUris) descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        if (settings.GrantTypes.Contains(ApiGrantTypes.ClientCredentials)) descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        if (systemUserId is not null) descriptor.Properties[SystemUserProperty] = JsonSerializer.SerializeToElement(systemUserId);
        return descriptor;
    }

    private static void Validate(string clientId, ApiClientSettings s)
    {
        void Fail(string what) => throw new InvalidOperationException($"OpenIddict:Clients:{clientId}: {what}");
        if (!ClientIdPattern().IsMatch(clientId)) Fail("the client id must be 2-64 characters a-z, 0-9, '.', '_' or '-'.");
        if (s.Type is not (ApiClientTypes.Public or ApiClientTypes.Confidential)) Fail("Type must be public or confidential.");
        if (s.GrantTypes.Count == 0 || s.GrantTypes.Any(g => g is not (ApiGrantTypes.AuthorizationCode or ApiGrantTypes.ClientCredentials)))
            Fail("GrantTypes must be authorization_code and/or client_credentials.");
        if (s.Type == ApiClientTypes.Confidential && string.IsNullOrWhiteSpace(s.ClientSecret)) Fail("a confidential client needs a ClientSecret.");
        if (s.Type == ApiClientTypes.Confidential && s.ClientSecret!.Length < 32) Fail("the ClientSecret must be at least 32 characters.");
        if (s.Type == ApiClientTypes.Public && s.GrantTypes.Contains(ApiGrantTypes.ClientCredentials)) Fail("client_credentials needs a confidential client.");
        if (s.GrantTypes.Contains(ApiGrantTypes.AuthorizationCode) && s.RedirectUris.Count == 0) Fail("authorization_code needs at least one RedirectUri.");
        if (s.RedirectUris.Concat(s.PostLogoutRedirectUris).Any(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0))
            Fail("every redirect URI must be absolute and without a fragment.");
        if (s.GrantTypes.Contains(ApiGrantTypes.ClientCredentials) && string.IsNullOrWhiteSpace(s.AuthorityCode))
            Fail("client_credentials needs the AuthorityCode the integration acts for.");
    }
}
