using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>Reads of the agreement itself. Every read is decided (agreement.read) and audited; nothing here touches a case.</summary>
public sealed class AgreementReads
{
    /// <summary>The entry's action for the list (its rows are decided as agreement.read and lagesbild.create).</summary>
    internal const string ListAuditAction = "agreement.list";

    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;

    internal AgreementReads(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
    }

    /// <summary>The agreements the caller sits in a forum of, or may report to: each one decided by the PDP.</summary>
    public async Task<IReadOnlyList<AgreementListEntry>> ListMineAsync(ProcessContext context, CancellationToken ct)
    {
        var request = AccessRequest.Read(context, Actions.AgreementRead, new AccessTarget.Rows(ResourceTypes.Agreement)) with { AuditAction = ListAuditAction };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.ReadAsync(async () =>
        {
            var actor = grant.Actor;
            // Pre-filter in SQL by membership or party (cheap); then every candidate is decided by the PDP on its own facts.
            var candidates = await _db.Agreements.AsNoTracking()
                .Where(a => _db.Forums.Any(f => f.AgreementId == a.Id && f.Members.Any(m => m.UserId == actor.UserId))
                            || _db.AgreementParties.Any(p => p.AgreementId == a.Id && p.Authorities.Any(x => x.AuthorityId == actor.AuthorityId)))
                .OrderBy(a => a.ValidFrom).Select(a => new { a.Id, a.Title, a.ValidFrom, a.ValidTo }).ToListAsync(ct);
            var result = new List<AgreementListEntry>();
            foreach (var c in candidates)
            {
                if (await _resolver.ResolveAgreementAsync(actor, c.Id, ct) is not { } facts) continue;
                // Both rows are decided (and their rules counted) so that the entry names every rule that showed the agreement.
                var read = grant.DecideRow(Actions.AgreementRead, AgreementGrants.On(facts, ResourceTypes.Agreement)) is not null;
                var report = grant.DecideRow(Actions.LagesbildCreate, AgreementGrants.On(facts, ResourceTypes.LagesbildReport)) is not null;
                if (!read && !report) continue;
                result.Add(new AgreementListEntry(c.Id, c.Title, c.ValidFrom, c.ValidTo, read, report));
            }

            grant.Touch(result.Select(r => r.Id));
            return (IReadOnlyList<AgreementListEntry>)result;
        }, ct);
    }

    public async Task<AgreementOverview> GetOverviewAsync(ProcessContext context, Guid agreementId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AgreementRead, new AccessTarget.Agreement(agreementId)), ct);
        return await grant.ReadAsync(async () =>
        {
            var a = await _db.Agreements.AsNoTracking().SingleAsync(x => x.Id == agreementId, ct);
            var parties = await _db.AgreementParties.AsNoTracking().Where(p => p.AgreementId == agreementId).OrderBy(p => p.Kind).ThenBy(p => p.Name)
                .Select(p => new PartyView(p.Name, p.Kind, p.Signatory, p.Responsibilities,
                    p.Authorities.Join(_db.Authorities, pa => pa.AuthorityId, au => au.Id, (pa, au) => au.Name).OrderBy(n => n).ToList()))
                .ToListAsync(ct);
            var forums = await _db.Forums.AsNoTracking().Where(f => f.AgreementId == agreementId).OrderBy(f => f.Name)
                .Select(f => new ForumView(f.Id, f.Kind, f.Name, f.Purpose, f.Cadence, f.Composition,
                    (from m in f.Members
                     join u in _db.Users on m.UserId equals u.Id
                     join au in _db.Authorities on u.AuthorityId equals au.Id
                     orderby m.Role, u.DisplayName
                     select new ForumMemberView(u.DisplayName, au.Name, m.Role)).ToList()))
                .ToListAsync(ct);
            var areas = await _db.PrioritisedAreas.AsNoTracking().Where(p => p.AgreementId == agreementId).OrderBy(p => p.SortOrder)
                .Select(p => new AreaView(p.Code, p.Name, p.Description, p.Responsibilities)).ToListAsync(ct);
            var documents = await _db.AgreementDocuments.AsNoTracking().Where(d => d.AgreementId == agreementId).OrderBy(d => d.UploadedAt)
                .Select(d => new DocumentView(d.Id, d.Kind, d.Title, d.Content != null, d.FileName, d.SizeBytes, d.Sha256, d.Text, d.UploadedAt))
                .ToListAsync(ct);
            grant.Touch(documents.Select(d => d.Id));
            return new AgreementOverview(a.Id, a.Title, a.Municipality, a.PoliceArea, a.ValidFrom, a.ValidTo, a.SignedOn, a.Purpose,
                a.LagesbildIntervalYears, parties, forums, areas, documents, Capabilities(grant));
        }, ct);
    }

    /// <summary>An uploaded document, for download. The route carries the document id only; its agreement is resolved, never trusted.</summary>
    public async Task<DocumentFile> GetDocumentFileAsync(ProcessContext context, Guid documentId, CancellationToken ct)
    {
        var target = new AccessTarget.AgreementRecord(ResourceTypes.AgreementDocument, documentId);
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AgreementRead, target), ct);
        return await grant.ReadAsync(async () =>
            await _db.AgreementDocuments.AsNoTracking().Where(d => d.Id == documentId && d.Content != null)
                .Select(d => new DocumentFile(d.FileName!, d.ContentType!, d.Content!)).FirstOrDefaultAsync(ct)
            // A document written as text has no file: refused like an unknown id.
            ?? throw await grant.RefuseAsync(null, ct), ct);
    }

    /// <summary>The authorities acting for the parties (for owner choices in forms).</summary>
    internal async Task<IReadOnlyList<PartyAuthorityView>> PartyAuthoritiesAsync(Guid agreementId, CancellationToken ct) =>
        await (from p in _db.AgreementParties.AsNoTracking()
               join pa in _db.AgreementPartyAuthorities.AsNoTracking() on p.Id equals pa.PartyId
               join au in _db.Authorities.AsNoTracking() on pa.AuthorityId equals au.Id
               where p.AgreementId == agreementId
               orderby au.Name
               select new PartyAuthorityView(au.Id, au.Name)).ToListAsync(ct);

    /// <summary>What the page may offer, each decided by the PDP under the profile the offered page would ask for.</summary>
    private static AgreementCapabilities Capabilities(AccessGateway.Grant grant)
    {
        bool Can(PolicyAction action, string type, ObligationProfile profile = ObligationProfile.Write) => grant.WouldOnAgreement(action, type, profile);
        return new AgreementCapabilities(grant.Agreement().Forums, Can(Actions.AgreementDocumentCreate, ResourceTypes.AgreementDocument),
            Can(Actions.LagesbildCreate, ResourceTypes.LagesbildReport), Can(Actions.LagesbildRead, ResourceTypes.LagesbildReport, ObligationProfile.Aggregate),
            Can(Actions.LagesbildMeasureCreate, ResourceTypes.LagesbildMeasure), Can(Actions.AgreementplanRead, ResourceTypes.AgreementActivity, ObligationProfile.Read),
            Can(Actions.AgreementplanCreate, ResourceTypes.AgreementActivity), Can(Actions.StatsRead, ResourceTypes.Statistics, ObligationProfile.Aggregate));
    }
}
