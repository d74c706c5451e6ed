using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Identity.Federation;

namespace Samverkan.Sekretess.Core.Administration;

/// <summary>An attribute mapping for federated sign-in, as the administrator sees and manages it.</summary>
public sealed record FederationMappingView(Guid Id, string Provider, string ClaimType, string ClaimValue, Guid AuthorityId, string AuthorityName,
    string Role, string Unit, DateTime CreatedAt)
{
    /// <summary>The policies would let this administrator remove the rule.</summary>
    public bool MayRemove { get; init; }
}

public sealed record NewFederationMappingCommand(string Provider, string ClaimType, string ClaimValue, Guid AuthorityId, string Role, string Unit);

/// <summary>
/// The administrators' attribute mappings for federated sign-in (data, not configuration): list, add, remove. A rule gives
/// accounts in an authority with a role, so it is decided exactly like creating such an account (the authority and role).
/// </summary>
public sealed partial class UserAdministration
{
    /// <summary>The rules this administrator administers (a systemförvaltare: those giving accounts in the own authority).</summary>
    public async Task<IReadOnlyList<FederationMappingView>> ListFederationMappingsAsync(ProcessContext context, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(FederationOverview(context), ct);
        return await grant.ReadAsync(async () =>
        {
            var rows = await (from m in _db.FederationMappings.AsNoTracking()
                              join a in _db.Authorities.AsNoTracking() on m.AuthorityId equals a.Id
                              orderby m.Provider, m.ClaimType, m.ClaimValue
                              select new { m.Id, m.Provider, m.ClaimType, m.ClaimValue, m.AuthorityId, a.Name, a.Kind, m.Role, m.Unit, m.CreatedAt })
                .ToListAsync(ct);
            var visible = new List<FederationMappingView>();
            foreach (var m in rows)
            {
                var account = new AccountAttributes(m.Id.ToString(), m.AuthorityId, m.Kind, m.Role);
                Func<Policy.DecisionRequest, Policy.DecisionRequest> describe = r => r.DescribeAccount(ResourceTypes.FederationMapping, account);
                if (grant.DecideRow(Actions.AdminFederationRead, describe) is null) continue;
                visible.Add(new FederationMappingView(m.Id, m.Provider, m.ClaimType, m.ClaimValue, m.AuthorityId, m.Name, m.Role, m.Unit, m.CreatedAt)
                {
                    MayRemove = grant.Would(Actions.AdminFederationRemove, describe),
                });
            }

            return (IReadOnlyList<FederationMappingView>)visible;
        }, ct);
    }

    /// <summary>The authorities and roles this administrator may give through a new rule (the form offers only these).</summary>
    public async Task<AccountOptions> GetNewFederationMappingOptionsAsync(ProcessContext context, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(FederationOverview(context), ct);
        return await grant.ReadAsync(async () => Options(grant, await AuthoritiesAsync(ct), Actions.AdminFederationCreate, ResourceTypes.FederationMapping), ct);
    }

    /// <param name="configuredProviders">The provider names in configuration; a rule for any other provider is refused.</param>
    public async Task<AdministrationResult> AddFederationMappingAsync(ProcessContext context, NewFederationMappingCommand command,
        IReadOnlyCollection<string> configuredProviders, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(configuredProviders);
        var errors = new List<string>();
        if (!configuredProviders.Contains(command.Provider)) errors.Add("Välj en identitetsleverantör.");
        if (string.IsNullOrWhiteSpace(command.ClaimType) || command.ClaimType.Length > 200) errors.Add("Ange attributets namn (högst 200 tecken).");
        if (string.IsNullOrWhiteSpace(command.ClaimValue) || command.ClaimValue.Length > 200) errors.Add("Ange attributets värde (högst 200 tecken).");
        if (!Roles.All.Contains(command.Role)) errors.Add("Välj en roll.");
        if (command.AuthorityId == Guid.Empty) errors.Add("Välj en myndighet.");
        if (string.IsNullOrWhiteSpace(command.Unit) || command.Unit.Length > 200) errors.Add("Ange en enhet (högst 200 tecken).");
        if (errors.Count > 0) return await FormErrorsAsync(FederationOverview(context), errors, ct);

        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AdminFederationCreate,
            new AccessTarget.NewAccountIn(command.AuthorityId, command.Role, ResourceTypes.FederationMapping)), ct);
        var (type, value) = (command.ClaimType.Trim(), command.ClaimValue.Trim());
        if (await _db.FederationMappings.AnyAsync(m => m.Provider == command.Provider && m.ClaimType == type && m.ClaimValue == value, ct))
            return new AdministrationResult(null, ["Det finns redan en regel för det attributet och värdet."]);
        var id = await grant.CreateAsync(newId =>
        {
            _db.FederationMappings.Add(new FederationMapping
            {
                Id = newId, Provider = command.Provider, ClaimType = type, ClaimValue = value, AuthorityId = command.AuthorityId,
                Role = command.Role, Unit = command.Unit.Trim(), CreatedAt = _clock.GetUtcNow().UtcDateTime, CreatedByUserId = grant.Actor.UserId,
            });
            return Task.CompletedTask;
        }, ct);
        return new AdministrationResult(id.ToString(), []);
    }

    /// <summary>Removes a rule. Users it mapped keep their attributes until their next federated sign-in, which then fails closed.</summary>
    public async Task<bool> RemoveFederationMappingAsync(ProcessContext context, Guid mappingId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.AdminFederationRemove, new AccessTarget.FederationMapping(mappingId)), ct);
        return await grant.WriteAsync(async () =>
        {
            _db.FederationMappings.Remove(await _db.FederationMappings.SingleAsync(m => m.Id == mappingId, ct));
            return true;
        }, ct);
    }

    private static AccessRequest FederationOverview(ProcessContext context) =>
        AccessRequest.Read(context, Actions.AdminFederationRead, new AccessTarget.OwnAuthority(ResourceTypes.FederationMapping));
}
