using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>The joint action plan: each authority adds and updates only its own commitments.</summary>
public sealed class ActionPlanWrites
{
    private const int MaxWhat = 1000;
    private const int MaxResponsible = 200;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly CaseAccess _access;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal ActionPlanWrites(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, CaseAccess access, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _access = access;
        _fields = fields;
        _clock = clock;
    }

    public async Task<Guid> AddEntryAsync(ProcessContext context, Guid caseId, AddActionPlanEntryCommand command, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var entryId = command.RequestId ?? Guid.NewGuid();
        var grant = await _access.AuthorizeAsync(context, caseId, "actionplan.create", "action_plan",
            (r, c, actor) => r.DescribeItem(c, new ItemAttributes(entryId, actor.AuthorityId, actor.AuthorityKind, ItemCategories.ActionPlan), "action_plan"), ct);
        var draft = grant.Draft with { ResourceType = "action_plan", ResourceId = entryId.ToString(), ResourceAuthorityId = grant.Actor.AuthorityId, RelatedIds = [entryId] };
        if (!ObligationEnforcer.ForOwnWrite(grant.Decision)) throw await _gateway.DenyAsync(grant.Actor, context, draft, grant.Decision, ct);

        var what = (command.What ?? "").Trim();
        var responsible = (command.Responsible ?? "").Trim();
        if (what.Length is 0 or > MaxWhat) throw new InvalidCommandException($"Beskriv åtgärden (högst {MaxWhat} tecken).");
        if (responsible.Length is 0 or > MaxResponsible) throw new InvalidCommandException($"Ange vem som ansvarar (högst {MaxResponsible} tecken).");
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        if (command.DueDate < today.AddYears(-1) || command.DueDate > today.AddYears(5)) throw new InvalidCommandException("Ange ett rimligt datum.");
        var existing = await _db.ActionPlanEntries.Where(e => e.Id == entryId).Select(e => new { e.CaseId, e.OwnerAuthorityId }).FirstOrDefaultAsync(ct);
        if (ItemWrites.IsReplay(existing?.CaseId, existing?.OwnerAuthorityId, caseId, grant.Actor.AuthorityId)) return entryId;

        _db.ActionPlanEntries.Add(new ActionPlanEntry
        {
            Id = entryId, CaseId = caseId, OwnerAuthorityId = grant.Actor.AuthorityId, WhatCipher = _fields.Protect(what),
            ResponsibleCipher = _fields.Protect(responsible), DueDate = command.DueDate, Status = ActionPlanStatuses.Planned,
            CreatedAt = _clock.GetUtcNow().UtcDateTime, CreatedByUserId = grant.Actor.UserId,
        });
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(grant.Actor, context, draft, grant.Decision, ct);
        await tx.CommitAsync(ct);
        return entryId;
    }

    public async Task UpdateStatusAsync(ProcessContext context, Guid entryId, UpdateActionPlanStatusCommand command, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var resolved = await _resolver.ResolveActionPlanEntryAsync(entryId, ct);
        var grant = await _access.AuthorizeAsync(context, resolved?.CaseId ?? Guid.Empty, "actionplan.update", "action_plan",
            (r, c, _) => r.DescribeItem(c, resolved!.Value.Entry, "action_plan"), ct);
        var draft = grant.Draft with { ResourceType = "action_plan", ResourceId = entryId.ToString(), ResourceAuthorityId = resolved!.Value.Entry.OwnerAuthorityId, RelatedIds = [entryId] };
        if (!ObligationEnforcer.ForOwnWrite(grant.Decision)) throw await _gateway.DenyAsync(grant.Actor, context, draft, grant.Decision, ct);
        var entry = await _db.ActionPlanEntries.SingleAsync(e => e.Id == entryId, ct);

        if (!ActionPlanStatuses.All.Contains(command.Status)) throw new InvalidCommandException("Välj en giltig status.");
        if (entry.ConcurrencyStamp != command.ConcurrencyStamp) throw new ConcurrencyConflictException();
        entry.Status = command.Status;
        entry.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await _db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ConcurrencyConflictException("Någon annan har ändrat åtgärden medan du redigerade. Ladda om sidan och gör om ändringen.", e);
        }

        await _gateway.AuditPermitAsync(grant.Actor, context, draft, grant.Decision, ct);
        await tx.CommitAsync(ct);
    }
}
