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
    private readonly AttributeResolver _resolver;
    private readonly FieldProtector _fields;
    private readonly PersonalNumberIndexer _indexer;
    private readonly TimeProvider _clock;

    internal LegalHolds(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, FieldProtector fields, PersonalNumberIndexer indexer, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _fields = fields;
        _indexer = indexer;
        _clock = clock;
    }

    public async Task<IReadOnlyList<LegalHoldView>> ListAsync(ProcessContext context, CancellationToken ct)
    {
        var (actor, decision, draft) = await AuthorizeAsync(context, "retention.hold.read", null, ct);
        var rows = await _db.LegalHolds.AsNoTracking().Where(h => h.AuthorityId == actor.AuthorityId)
            .OrderBy(h => h.LiftedAt != null).ThenByDescending(h => h.PlacedAt).Take(500).ToListAsync(ct);
        var caseIds = rows.Where(h => h.CaseId is not null).Select(h => h.CaseId!.Value).ToList();
        var personIds = rows.Where(h => h.PersonId is not null).Select(h => h.PersonId!.Value).ToList();
        var refs = await _db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id) || personIds.Contains(c.SubjectPersonId))
            .Where(c => c.Participants.Any(p => p.AuthorityId == actor.AuthorityId) || c.LeadAuthorityId == actor.AuthorityId)
            .Select(c => new { c.Id, c.Reference, c.SubjectPersonId }).ToListAsync(ct);
        var userIds = rows.Select(h => h.PlacedByUserId).Concat(rows.Where(h => h.LiftedByUserId != null).Select(h => h.LiftedByUserId!)).Distinct().ToList();
        var names = await _db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var views = rows.Select(h => new LegalHoldView(h.Id, h.Kind, h.Reference, _fields.Unprotect(h.ReasonCipher),
            h.CaseId is { } c ? "Ärende " + (refs.FirstOrDefault(r => r.Id == c)?.Reference ?? "?")
                : "Personen i ärende " + string.Join(", ", refs.Where(r => r.SubjectPersonId == h.PersonId).Select(r => r.Reference).Distinct()),
            h.PlacedAt, names.GetValueOrDefault(h.PlacedByUserId, "?"), h.LiftedAt, h.LiftedByUserId is null ? null : names.GetValueOrDefault(h.LiftedByUserId, "?"))).ToList();
        await _gateway.AuditReadAsync(actor, context, draft, decision, ct);
        return views;
    }

    public async Task<RetentionResult> PlaceAsync(ProcessContext context, PlaceHoldCommand command, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var id = Guid.NewGuid();
        var (actor, decision, draft) = await AuthorizeAsync(context, "retention.hold.place", id, ct);
        if (!LegalHoldKinds.All.Contains(command.Kind)) return RetentionResult.Fail("Välj vad stoppet gäller.");
        var reference = (command.Reference ?? "").Trim();
        if (reference.Length is 0 or > 100) return RetentionResult.Fail("Ange diarienummer eller annan beteckning (högst 100 tecken).");
        if (LooksLikePersonalNumber().IsMatch(reference)) return RetentionResult.Fail("Beteckningen får inte innehålla ett personnummer.");
        var reason = (command.Reason ?? "").Trim();
        if (reason.Length is 0 or > 2000) return RetentionResult.Fail("Skriv skälet till stoppet (högst 2000 tecken).");
        var byCase = !string.IsNullOrWhiteSpace(command.CaseReference);
        var byPerson = !string.IsNullOrWhiteSpace(command.PersonalNumber);
        if (byCase == byPerson) return RetentionResult.Fail("Ange antingen ett ärendenummer eller ett personnummer.");

        var own = _db.Cases.Where(c => c.LeadAuthorityId == actor.AuthorityId || c.Participants.Any(p => p.AuthorityId == actor.AuthorityId));
        Guid? caseId = null, personId = null;
        if (byCase)
        {
            var reference2 = command.CaseReference!.Trim().ToUpperInvariant();
            caseId = await own.Where(c => c.Reference == reference2).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
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

        _db.LegalHolds.Add(new LegalHold
        {
            Id = id, AuthorityId = actor.AuthorityId, CaseId = caseId, PersonId = personId, Kind = command.Kind, Reference = reference,
            ReasonCipher = _fields.Protect(reason), PlacedByUserId = actor.UserId, PlacedAt = _clock.GetUtcNow().UtcDateTime,
        });
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft with { CaseId = caseId, PersonId = personId }, decision, ct);
        await tx.CommitAsync(ct);
        return RetentionResult.Ok(id);
    }

    public async Task<RetentionResult> LiftAsync(ProcessContext context, Guid holdId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var owner = await _db.LegalHolds.AsNoTracking().Where(h => h.Id == holdId).Select(h => (Guid?)h.AuthorityId).FirstOrDefaultAsync(ct);
        var (actor, decision, draft) = await AuthorizeAsync(context, "retention.hold.lift", holdId, ct, owner ?? Guid.Empty);
        var hold = await _db.LegalHolds.SingleAsync(h => h.Id == holdId, ct);
        if (hold.LiftedAt is not null) return RetentionResult.Ok(holdId); // lifted already (a doubled submit)
        hold.LiftedAt = _clock.GetUtcNow().UtcDateTime;
        hold.LiftedByUserId = actor.UserId;
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(actor, context, draft with { CaseId = hold.CaseId, PersonId = hold.PersonId }, decision, ct);
        await tx.CommitAsync(ct);
        return RetentionResult.Ok(holdId);
    }

    /// <summary>Decides for the caller's own authority (list, place) or for the hold's authority (lift); denies commit their entry.</summary>
    private async Task<(Actor, Policy.Decision, AuditDraft)> AuthorizeAsync(ProcessContext context, string action, Guid? holdId, CancellationToken ct, Guid? owner = null)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var ownerId = owner ?? (actor.IsKnown ? actor.AuthorityId : Guid.Empty);
        var draft = new AuditDraft(action, "legal_hold", holdId?.ToString(), ownerId == Guid.Empty ? null : ownerId);
        var request = _gateway.NewRequest(actor, context, action).Set("resource.type", "legal_hold").Set("resource.ownerAuthorityId", ownerId.ToString());
        if (holdId is { } id) request.Set("resource.id", id.ToString());
        var decision = _gateway.Decide(request);
        if (!actor.IsKnown || ownerId == Guid.Empty || !decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);
        return (actor, decision, draft);
    }

    [GeneratedRegex(@"\d{6}[-+]?\d{4}")]
    private static partial Regex LooksLikePersonalNumber();
}
