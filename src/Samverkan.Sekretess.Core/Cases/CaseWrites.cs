using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>Opening, closing and reopening cases; each decided by the PDP and audited in the same transaction.</summary>
public sealed class CaseWrites
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly FieldProtector _fields;
    private readonly PersonalNumberIndexer _indexer;
    private readonly TimeProvider _clock;

    internal CaseWrites(SekretessDbContext db, AccessGateway gateway, FieldProtector fields, PersonalNumberIndexer indexer, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _fields = fields;
        _indexer = indexer;
        _clock = clock;
    }

    /// <summary>Opens a case led by the caller's authority, for a person found by blind index or created.</summary>
    public async Task<Guid> OpenCaseAsync(ProcessContext context, OpenCaseCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.CaseCreate, new AccessTarget.OwnAuthority(ResourceTypes.Case)), ct);
        return await grant.CreateAsync(async caseId =>
        {
            var actor = grant.Actor;
            if (!CaseTypes.All.Contains(command.Type)) throw new InvalidCommandException("Välj en ärendetyp.");
            var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
            if (!PersonalIdentityNumber.TryParse(command.PersonalNumber, today, out var pin, out var error))
                throw new InvalidCommandException(error);
            var name = (command.PersonName ?? "").Trim();
            if (name.Length is 0 or > 200) throw new InvalidCommandException("Ange personens namn (högst 200 tecken).");
            var others = (command.ParticipatingAuthorityIds ?? []).Where(a => a != actor.AuthorityId).Distinct().ToList();
            if (others.Count > 0 && await _db.Authorities.CountAsync(a => others.Contains(a.Id), ct) != others.Count)
                throw new InvalidCommandException("En vald myndighet finns inte.");
            var personId = await PersonRegistry.FindOrAddAsync(_db, _fields, _indexer, pin, name, ct);

            var now = _clock.GetUtcNow().UtcDateTime;
            var prefix = $"{command.Type}-{now.Year.ToString(CultureInfo.InvariantCulture)}-";
            var count = await _db.Cases.CountAsync(c => c.Reference.StartsWith(prefix), ct);
            _db.Cases.Add(new Case
            {
                Id = caseId,
                Reference = prefix + (count + 1).ToString("D4", CultureInfo.InvariantCulture),
                Type = command.Type,
                Status = CaseStatuses.Open,
                LeadAuthorityId = actor.AuthorityId,
                SubjectPersonId = personId,
                CreatedAt = now,
                CreatedByUserId = actor.UserId,
                Participants = [new CaseParticipant { AuthorityId = actor.AuthorityId }, .. others.Select(a => new CaseParticipant { AuthorityId = a })],
                Members = [new CaseMember { UserId = actor.UserId, CaseRole = CaseRoles.CaseOwner, AddedAt = now }],
            });
            grant.Draft = grant.Draft with { CaseId = caseId, PersonId = personId };
            grant.Touch(others);
        }, ct);
    }

    /// <summary>Closes an open case: no new items or plan entries; need-to-know ends with it.</summary>
    public Task CloseAsync(ProcessContext context, Guid caseId, CancellationToken ct) =>
        ChangeStatusAsync(context, caseId, Actions.CaseClose, CaseStatuses.Open, CaseStatuses.Closed, ct);

    public Task ReopenAsync(ProcessContext context, Guid caseId, CancellationToken ct) =>
        ChangeStatusAsync(context, caseId, Actions.CaseReopen, CaseStatuses.Closed, CaseStatuses.Open, ct);

    /// <summary>
    /// Removes a participating authority (not the lead) from an open case. Its access through participation ends at
    /// once (the policies read participation on every request); the shares made to it are ended by the
    /// end-of-need-to-know job within a minute (JOB-END-002), each with its own audit entry. Its own items stay its own.
    /// </summary>
    public async Task RemoveParticipantAsync(ProcessContext context, Guid caseId, Guid authorityId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.CaseParticipantRemove, new AccessTarget.Case(caseId)), ct);
        await grant.WriteAsync(async () =>
        {
            if (authorityId == grant.Case.LeadAuthorityId) throw new InvalidCommandException("Den ansvariga myndigheten kan inte tas bort ur ärendet.");
            var participant = await _db.CaseParticipants.SingleOrDefaultAsync(p => p.CaseId == caseId && p.AuthorityId == authorityId, ct);
            grant.Touch(authorityId);
            if (participant is null) return; // already removed: a doubled submit changes nothing
            _db.CaseParticipants.Remove(participant);
            var memberIds = await _db.Users.Where(u => u.AuthorityId == authorityId).Select(u => u.Id).ToListAsync(ct);
            _db.CaseMembers.RemoveRange(await _db.CaseMembers.Where(m => m.CaseId == caseId && memberIds.Contains(m.UserId)).ToListAsync(ct));
            var entity = await _db.Cases.SingleAsync(c => c.Id == caseId, ct);
            entity.ConcurrencyStamp = Guid.NewGuid();
        }, ct);
    }

    private async Task ChangeStatusAsync(ProcessContext context, Guid caseId, PolicyAction action, string from, string to, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, action, new AccessTarget.Case(caseId)), ct);
        await grant.WriteAsync(async () =>
        {
            var entity = await _db.Cases.SingleAsync(c => c.Id == caseId, ct);
            if (entity.Status != from) throw new InvalidCommandException(to == CaseStatuses.Closed ? "Ärendet är redan avslutat." : "Ärendet är inte avslutat.");
            entity.Status = to;
            entity.ClosedAt = to == CaseStatuses.Closed ? _clock.GetUtcNow().UtcDateTime : null;
            entity.ConcurrencyStamp = Guid.NewGuid();
        }, ct);
    }
}
