using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>
/// After records are thinned: a person about whom nothing remains (no item, plan entry, disclosure record or unthinned
/// consent in a case about them, and no item anywhere that names them), with no open case and no hold, loses name,
/// personnummer (and its blind index), exact birth date (kept as 1 January of the year, for age-group statistics) and
/// recorded guardians. The case frame stays, pointing at a person row with no personal data. Acts as the lead authority's
/// system account (JOB-RET-004) through a grant on the person, one person per transaction; a person already thinned is
/// skipped, so a rerun changes nothing.
/// </summary>
internal sealed class PersonThinning(SekretessDbContext db, AccessGateway gateway, SystemActors system, FieldProtector fields, TimeProvider clock)
{
    public const string IndexPrefix = "gallrad:";
    public const string ThinnedName = "(gallrad)";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var candidates = await db.ThinningCandidates.AsNoTracking()
            .Where(c => c.State == CandidateStates.Thinned || c.State == CandidateStates.Delivered)
            .Select(c => c.PersonId).Distinct()
            .Where(id => db.Persons.Any(p => p.Id == id && !p.PersonalNumberIndex.StartsWith(IndexPrefix)))
            .ToListAsync(ct);
        var thinned = 0;
        foreach (var personId in candidates)
        {
            if (await PersonRecords.RemainAsync(db, personId, ct)) continue; // the usual case: other records remain (not a decision, no entry)
            try
            {
                if (await ThinAsync(personId, ct)) thinned++;
            }
            catch (AccessDeniedException)
            {
                // Audited; the person stays as is.
            }
        }

        return thinned;
    }

    private async Task<bool> ThinAsync(Guid personId, CancellationToken ct)
    {
        // The actor is the system account of the newest case's lead authority; the grant resolves that case again in its snapshot.
        var lead = await db.Cases.AsNoTracking().Where(c => c.SubjectPersonId == personId).OrderByDescending(c => c.CreatedAt)
            .Select(c => (Guid?)c.LeadAuthorityId).FirstOrDefaultAsync(ct);
        if (lead is null) return false;
        var context = await system.ForAuthorityAsync(lead.Value, ct);
        db.ChangeTracker.Clear();
        await using var grant = await gateway.AuthorizeAsync(AccessRequest.Write(context, Actions.PersonThin, new AccessTarget.Person(personId)), ct);
        var person = await db.Persons.SingleAsync(p => p.Id == personId, ct);
        if (person.PersonalNumberIndex.StartsWith(IndexPrefix, StringComparison.Ordinal)) return false; // thinned meanwhile: no second entry
        await grant.WriteAsync(async () =>
        {
            person.NameCipher = fields.Protect(ThinnedName);
            person.PersonalNumberCipher = fields.Protect(ThinnedName);
            person.PersonalNumberIndex = IndexPrefix + person.Id.ToString("N");
            // The birth year stays (BirthYear); the exact date went with the personnummer's cipher above.
            db.Guardians.RemoveRange(await db.Guardians.Where(g => g.ChildPersonId == personId).ToListAsync(ct));
            db.ThinningTombstones.Add(new ThinningTombstone
            {
                Id = Guid.NewGuid(), ResourceType = ResourceTypes.Person, ResourceId = personId, Document = ResourceTypes.Person,
                OwnerAuthorityId = grant.Case.LeadAuthorityId, CaseId = grant.Case.Id, RunId = Guid.Empty, Disposition = Dispositions.Thin,
                DecisionReference = "Inga uppgifter om personen finns kvar", ThinnedAt = clock.GetUtcNow().UtcDateTime,
            });
        }, ct);
        return true;
    }
}
