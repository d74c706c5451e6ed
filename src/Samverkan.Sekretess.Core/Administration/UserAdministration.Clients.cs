using OpenIddict.Abstractions;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Identity.Clients;

namespace Samverkan.Sekretess.Core.Administration;

/// <summary>The registered API clients (configuration, read-only here), each decided as the authority its system account acts for.</summary>
public sealed partial class UserAdministration
{
    private async Task<List<ApiClientView>> ListApiClientsAsync(AccessGateway.Grant grant, IReadOnlyDictionary<string, AccountAttributes> accounts,
        IReadOnlyDictionary<string, bool> disabled, IReadOnlyDictionary<Guid, AuthorityView> authorities, CancellationToken ct)
    {
        var clients = new List<ApiClientView>();
        await foreach (var application in _applications.ListAsync(null, null, ct))
        {
            var clientId = await _applications.GetClientIdAsync(application, ct) ?? "";
            var properties = await _applications.GetPropertiesAsync(application, ct);
            var systemUserId = properties.TryGetValue(ApiClientRegistration.SystemUserProperty, out var p) && p.ValueKind == System.Text.Json.JsonValueKind.String
                ? p.GetString() : null;
            var system = systemUserId is null ? null : accounts.GetValueOrDefault(systemUserId);
            if (grant.DecideRow(Actions.AdminClientRead, r => DescribeClient(r, clientId, systemUserId, system)) is null) continue;
            var grants = (await _applications.GetPermissionsAsync(application, ct))
                .Where(x => x.StartsWith(OpenIddictConstants.Permissions.Prefixes.GrantType, StringComparison.Ordinal))
                .Select(x => x[OpenIddictConstants.Permissions.Prefixes.GrantType.Length..]).Order(StringComparer.Ordinal).ToList();
            clients.Add(new ApiClientView(clientId, await _applications.GetDisplayNameAsync(application, ct) ?? "",
                await _applications.HasClientTypeAsync(application, OpenIddictConstants.ClientTypes.Confidential, ct), grants,
                systemUserId, system is null ? null : authorities.GetValueOrDefault(system.AuthorityId)?.Name, systemUserId is not null && disabled.GetValueOrDefault(systemUserId)));
        }

        return clients.OrderBy(c => c.ClientId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A client acts for its system account's authority, or (no system account) only for the signed-in person. A system
    /// account that cannot be found gives no authority at all, so only a rule for every authority can show the client.
    /// </summary>
    private static Policy.DecisionRequest DescribeClient(Policy.DecisionRequest request, string clientId, string? systemUserId, AccountAttributes? system)
    {
        request.Set(PolicyAttributes.ResourceType, ResourceTypes.ApiClient).Set(PolicyAttributes.ResourceId, clientId);
        if (system is not null)
            request.Set(PolicyAttributes.ResourceOwnerAuthorityId, system.AuthorityId.ToString()).Set(PolicyAttributes.ResourceOwnerAuthorityKind, system.AuthorityKind);
        else if (systemUserId is not null)
            request.Set(PolicyAttributes.ResourceOwnerAuthorityId, Guid.Empty.ToString());
        return request;
    }
}
