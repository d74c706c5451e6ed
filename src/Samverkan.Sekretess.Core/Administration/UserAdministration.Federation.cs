using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Identity.Federation;

namespace Samverkan.Sekretess.Core.Administration;

/// <summary>An attribute mapping for federated sign-in, as the administrator sees and manages it.</summary>
public sealed record FederationMappingView(Guid Id, string Provider, string ClaimType, string ClaimValue, Guid AuthorityId, string AuthorityName,
    string Role, string Unit, DateTime CreatedAt);

public sealed record NewFederationMappingCommand(string Provider, string ClaimType, string ClaimValue, Guid AuthorityId, string Role, string Unit);

/// <summary>The administrators' attribute mappings for federated sign-in (data, not configuration): list, add, remove. Audited.</summary>
public sealed partial class UserAdministration
{
    public async Task<IReadOnlyList<FederationMappingView>> ListFederationMappingsAsync(ProcessContext context, CancellationToken ct)
    {
        var actor = await RequireAdministratorAsync(context, ct);
        var rows = await (from m in _db.FederationMappings.AsNoTracking()
                          join a in _db.Authorities.AsNoTracking() on m.AuthorityId equals a.Id
                          orderby m.Provider, m.ClaimType, m.ClaimValue
                          select new FederationMappingView(m.Id, m.Provider, m.ClaimType, m.ClaimValue, m.AuthorityId, a.Name, m.Role, m.Unit, m.CreatedAt))
            .ToListAsync(ct);
        await _events.RecordAsync(actor.UserId, SecurityActions.AdminAccess, permitted: true, ct: ct);
        return rows;
    }

    /// <param name="configuredProviders">The provider names in configuration; a rule for any other provider is refused.</param>
    public async Task<AdministrationResult> AddFederationMappingAsync(ProcessContext context, NewFederationMappingCommand command,
        IReadOnlyCollection<string> configuredProviders, CancellationToken ct)
    {
        var actor = await RequireAdministratorAsync(context, ct);
        var errors = new List<string>();
        if (!configuredProviders.Contains(command.Provider)) errors.Add("Välj en identitetsleverantör.");
        if (string.IsNullOrWhiteSpace(command.ClaimType) || command.ClaimType.Length > 200) errors.Add("Ange attributets namn (högst 200 tecken).");
        if (string.IsNullOrWhiteSpace(command.ClaimValue) || command.ClaimValue.Length > 200) errors.Add("Ange attributets värde (högst 200 tecken).");
        if (!Roles.All.Contains(command.Role)) errors.Add("Välj en roll.");
        if (!await _db.Authorities.AnyAsync(a => a.Id == command.AuthorityId, ct)) errors.Add("Välj en myndighet.");
        if (string.IsNullOrWhiteSpace(command.Unit) || command.Unit.Length > 200) errors.Add("Ange en enhet (högst 200 tecken).");
        var type = command.ClaimType?.Trim() ?? "";
        var value = command.ClaimValue?.Trim() ?? "";
        if (errors.Count == 0 && await _db.FederationMappings.AnyAsync(m => m.Provider == command.Provider && m.ClaimType == type && m.ClaimValue == value, ct))
            errors.Add("Det finns redan en regel för det attributet och värdet.");
        if (errors.Count > 0) return new AdministrationResult(null, errors);

        var mapping = new FederationMapping
        {
            Id = Guid.NewGuid(), Provider = command.Provider, ClaimType = type, ClaimValue = value, AuthorityId = command.AuthorityId,
            Role = command.Role, Unit = command.Unit.Trim(), CreatedAt = _clock.GetUtcNow().UtcDateTime, CreatedByUserId = actor.UserId,
        };
        _db.FederationMappings.Add(mapping);
        await _db.SaveChangesAsync(ct);
        await _events.RecordAsync(actor.UserId, SecurityActions.FederationMappingCreated, permitted: true, ct: ct);
        return new AdministrationResult(mapping.Id.ToString(), []);
    }

    /// <summary>Removes a rule. Users it mapped keep their attributes until their next federated sign-in, which then fails closed.</summary>
    public async Task<bool> RemoveFederationMappingAsync(ProcessContext context, Guid mappingId, CancellationToken ct)
    {
        var actor = await RequireAdministratorAsync(context, ct);
        var mapping = await _db.FederationMappings.FirstOrDefaultAsync(m => m.Id == mappingId, ct);
        if (mapping is null) return false;
        _db.FederationMappings.Remove(mapping);
        await _db.SaveChangesAsync(ct);
        await _events.RecordAsync(actor.UserId, SecurityActions.FederationMappingRemoved, permitted: true, ct: ct);
        return true;
    }
}
