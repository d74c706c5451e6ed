using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>The participating authorities of a case, by name; read only inside an access the caller's service already decided.</summary>
internal static class CaseParticipantQueries
{
    public static Task<List<AuthorityOption>> ParticipantsAsync(SekretessDbContext db, Guid caseId, Guid? except, CancellationToken ct) =>
        (from p in db.CaseParticipants.AsNoTracking()
         join a in db.Authorities.AsNoTracking() on p.AuthorityId equals a.Id
         where p.CaseId == caseId && (except == null || p.AuthorityId != except)
         orderby a.Name
         select new AuthorityOption(a.Id, a.Name, a.Kind)).ToListAsync(ct);
}
