using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Persons;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>
/// Gallringsstopp: the DPO or the arkivarie of an authority stops thinning of the authority's records about a case or a
/// person (JO or IMY matter, access request …) and lifts the stop again. Decided by ARK-R-002 and audited; the reason is
/// encrypted, the reference must not contain a personnummer. Only cases the authority takes part in can be named, and a
/// person only through such a case, so the form cannot be used to find out whether someone is in the system elsewhere.
/// </summary>
public sealed partial class LegalHolds
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly FieldProtector _fields;
    private readonly PersonalNumberIndexer _indexer;
    private readonly TimeProvider _clock;

    internal LegalHolds(SekretessDbContext db, AccessGateway gateway, FieldProtector fields, PersonalNumberIndexer indexer, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _fields = fields;
        _indexer = indexer;
        _clock = clock;
    }

    public async Task<IReadOnlyList<LegalHoldView>> ListAsync(ProcessContext context, CancellationToken ct)
    {
        var request = AccessRequest.Read(context, Actions.RetentionHoldRead, new AccessTarget.OwnAuthority(ResourceTypes.LegalHold));
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.ReadAsync(async () =>
        {
            var own = grant.Actor.AuthorityId;
            var rows = await _db.LegalHolds.AsNoTracking().Where(h => h.AuthorityId == own)
                .OrderBy(h => h.LiftedAt != null).ThenByDescending(h => h.PlacedAt).Take(500).ToListAsync(ct);
            var caseIds = rows.Where(h => h.CaseId is not null).Select(h => h.CaseId!.Value).ToList();
            var personIds = rows.Where(h => h.PersonId is not null).Select(h => h.PersonId!.Value).ToList();
            var refs = await _db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id) || personIds.Contains(c.SubjectPersonId))
                .Where(c => c.Participants.Any(p => p.AuthorityId == own) || c.LeadAuthorityId == own)
                .Select(c => new { c.Id, c.Reference, c.SubjectPersonId }).ToListAsync(ct);
            var userIds = rows.Select(h => h.PlacedByUserId).Concat(rows.Where(h => h.LiftedByUserId != null).Select(h => h.LiftedByUserId!)).Distinct().ToList();
            var names = await _db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            return (IReadOnlyList<LegalHoldView>)rows.Select(h => new LegalHoldView(h.Id, h.Kind, h.Reference, _fields.Unprotect(h.ReasonCipher),
                h.CaseId is { } c ? "Ärende " + (refs.FirstOrDefault(r => r.Id == c)?.Reference ?? "?")
                    : "Personen i ärende " + string.Join(", ", refs.Where(r => r.SubjectPersonId == h.PersonId).Select(r => r.Reference).Distinct()),
                h.PlacedAt, names.GetValueOrDefault(h.PlacedByUserId, "?"), h.LiftedAt, h.LiftedByUserId is null ? null : names.GetValueOrDefault(h.LiftedByUserId, "?"))).ToList();
        }, ct);
    }

    public async Task<RetentionResult> PlaceAsync(ProcessContext context, PlaceHoldCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var request = AccessRequest.Write(context, Actions.RetentionHoldPlace, new AccessTarget.OwnAuthority(ResourceTypes.LegalHold));
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        if (!LegalHoldKinds.All.Contains(command.Kind)) return RetentionResult.Fail("Välj vad stoppet gäller.");
        var reference = (command.Reference ?? "").Trim();
        if (reference.Length is 0 or > 100) return RetentionResult.Fail("Ange diarienummer eller annan beteckning (högst 100 tecken).");
        if (LooksLikePersonalNumber().IsMatch(reference)) return RetentionResult.Fail("Beteckningen får inte innehålla ett personnummer.");
        var reason = (command.Reason ?? "").Trim();
        if (reason.Length is 0 or > 2000) return RetentionResult.Fail("Skriv skälet till stoppet (högst 2000 tecken).");
        var byCase = !string.IsNullOrWhiteSpace(command.CaseReference);
        var byPerson = !string.IsNullOrWhiteSpace(command.PersonalNumber);
        if (byCase == byPerson) return RetentionResult.Fail("Ange antingen ett ärendenummer eller ett personnummer.");

        // Only cases the authority takes part in, and a person only through such a case: the form finds no one elsewhere.
        var authority = grant.Actor.AuthorityId;
        var own = _db.Cases.Where(c => c.LeadAuthorityId == authority || c.Participants.Any(p => p.AuthorityId == authority));
        Guid? caseId = null, personId = null;
        if (byCase)
        {
            var caseReference = command.CaseReference!.Trim().ToUpperInvariant();
            caseId = await own.Where(c => c.Reference == caseReference).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
            if (caseId is null) return RetentionResult.Fail("Myndigheten deltar inte i något ärende med det numret.");
        }
        else
        {
            if (!PersonalIdentityNumber.TryParse(command.PersonalNumber, DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime), out var pin, out var error))
                return RetentionResult.Fail(error);
            var index = _indexer.Index(pin.Normalized);
            personId = await own.Where(c => _db.Persons.Any(p => p.Id == c.SubjectPersonId && p.PersonalNumberIndex == index))
                .Select(c => (Guid?)c.SubjectPersonId).FirstOrDefaultAsync(ct);
            if (personId is null) return RetentionResult.Fail("Personen finns inte i något ärende som myndigheten deltar i.");
        }

        var id = await grant.CreateAsync(holdId =>
        {
            _db.LegalHolds.Add(new LegalHold
            {
                Id = holdId, AuthorityId = authority, CaseId = caseId, PersonId = personId, Kind = command.Kind, Reference = reference,
                ReasonCipher = _fields.Protect(reason), PlacedByUserId = grant.Actor.UserId, PlacedAt = _clock.GetUtcNow().UtcDateTime,
            });
            grant.Draft = grant.Draft with { CaseId = caseId, PersonId = personId };
            return Task.CompletedTask;
        }, ct);
        return RetentionResult.Ok(id);
    }

    public async Task<RetentionResult> LiftAsync(ProcessContext context, Guid holdId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.RetentionHoldLift, new AccessTarget.LegalHold(holdId)), ct);
        var hold = await _db.LegalHolds.SingleAsync(h => h.Id == holdId, ct);
        if (hold.LiftedAt is not null) return RetentionResult.Ok(holdId); // lifted already (a doubled submit): nothing changes, no entry
        await grant.WriteAsync(() =>
        {
            hold.LiftedAt = _clock.GetUtcNow().UtcDateTime;
            hold.LiftedByUserId = grant.Actor.UserId;
            return Task.CompletedTask;
        }, ct);
        return RetentionResult.Ok(holdId);
    }

    [GeneratedRegex(@"\d{6}[-+]?\d{4}")]
    private static partial Regex LooksLikePersonalNumber();
}
