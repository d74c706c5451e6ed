using Microsoft.EntityFrameworkCore;

namespace Samverkan.Sekretess.Core.Access;

// TRANSITION ONLY: lookups of the services that have not moved to AccessGateway.AuthorizeAsync yet. Deleted with them.
internal sealed partial class AttributeResolver
{
    public async Task<Dictionary<Guid, (List<Guid> To, List<Guid> ContactApproved)>> ResolveDisclosuresAsync(Guid caseId, CancellationToken ct) =>
        ActiveShares(await ResolveShareRowsAsync(caseId, ct)).ToDictionary(s => s.Key.Id, s => (s.Value.To, s.Value.ContactApproved));

    public Task<Guid> ResolveConsentCaseAsync(Guid consentId, CancellationToken ct) =>
        db.Consents.AsNoTracking().Where(c => c.Id == consentId).Select(c => c.CaseId).FirstOrDefaultAsync(ct);
}
