using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>The joint action plan: each authority adds and updates only its own commitments; the ids are the server's.</summary>
public sealed class ActionPlanWrites
{
    private const int MaxWhat = 1000;
    private const int MaxResponsible = 200;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly FieldProtector _fields;
    private readonly TimeProvider _clock;

    internal ActionPlanWrites(SekretessDbContext db, AccessGateway gateway, FieldProtector fields, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _fields = fields;
        _clock = clock;
    }

    public async Task<Guid> AddEntryAsync(ProcessContext context, Guid caseId, AddActionPlanEntryCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var target = new AccessTarget.NewRecord(caseId, ResourceTypes.ActionPlan, ItemCategories.ActionPlan, []);
        var request = AccessRequest.Write(context, Actions.ActionplanCreate, target) with { Idempotency = ItemWrites.IdempotencyOf(Actions.ActionplanCreate, command.RequestId) };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.CreateAsync(entryId =>
        {
            var what = (command.What ?? "").Trim();
            var responsible = (command.Responsible ?? "").Trim();
            if (what.Length is 0 or > MaxWhat) throw new InvalidCommandException($"Beskriv åtgärden (högst {MaxWhat} tecken).");
            if (responsible.Length is 0 or > MaxResponsible) throw new InvalidCommandException($"Ange vem som ansvarar (högst {MaxResponsible} tecken).");
            var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
            if (command.DueDate < today.AddYears(-1) || command.DueDate > today.AddYears(5)) throw new InvalidCommandException("Ange ett rimligt datum.");
            _db.ActionPlanEntries.Add(new ActionPlanEntry
            {
                Id = entryId, CaseId = caseId, OwnerAuthorityId = grant.Actor.AuthorityId, WhatCipher = _fields.Protect(what),
                ResponsibleCipher = _fields.Protect(responsible), DueDate = command.DueDate, Status = ActionPlanStatuses.Planned,
                CreatedAt = _clock.GetUtcNow().UtcDateTime, CreatedByUserId = grant.Actor.UserId,
            });
            grant.Draft = grant.Draft with { ResourceAuthorityId = grant.Actor.AuthorityId };
            grant.Touch(entryId);
            return Task.CompletedTask;
        }, ct);
    }

    public async Task UpdateStatusAsync(ProcessContext context, Guid entryId, UpdateActionPlanStatusCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var grant = await _gateway.AuthorizeAsync(
            AccessRequest.Write(context, Actions.ActionplanUpdate, new AccessTarget.Record(RecordRef.ActionPlanEntry(entryId))), ct);
        await grant.WriteAsync(async () =>
        {
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
        }, ct);
    }
}
