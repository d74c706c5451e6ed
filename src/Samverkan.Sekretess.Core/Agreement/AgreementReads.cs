using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>Reads of the agreement itself. Every read is decided (agreement.read) and audited; nothing here touches a case.</summary>
public sealed class AgreementReads
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly AgreementAccess _access;

    internal AgreementReads(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, AgreementAccess access)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _access = access;
    }

    /// <summary>The agreements the caller sits in a forum of, or may report to: each one decided by the PDP.</summary>
    public async Task<IReadOnlyList<AgreementListEntry>> ListMineAsync(ProcessContext context, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        if (!actor.IsKnown) throw await _gateway.DenyAsync(actor, context, new AuditDraft("agreement.list", "agreement"), null, ct);
        await using var tx = await _gateway.BeginReadAsync(ct);
        var candidates = await _db.Agreements.AsNoTracking()
            .Where(a => _db.Forums.Any(f => f.AgreementId == a.Id && f.Members.Any(m => m.UserId == actor.UserId))
                        || _db.AgreementParties.Any(p => p.AgreementId == a.Id && p.Authorities.Any(x => x.AuthorityId == actor.AuthorityId)))
            .OrderBy(a => a.ValidFrom).Select(a => new { a.Id, a.Title, a.ValidFrom, a.ValidTo }).ToListAsync(ct);
        var result = new List<AgreementListEntry>();
        var rules = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            var attributes = (await _access.ResolveAsync(c.Id, ct))!;
            var forums = await _access.ForumsOfAsync(actor, c.Id, ct);
            var read = _access.Decide(actor, context, attributes, forums, "agreement.read", "agreement");
            var report = _access.Decide(actor, context, attributes, forums, "lagesbild.create", "lagesbild_report");
            if (!read.IsPermit && !report.IsPermit) continue;
            foreach (var d in new[] { read, report }.Where(d => d.IsPermit)) rules.UnionWith(d.RuleIds);
            result.Add(new AgreementListEntry(c.Id, c.Title, c.ValidFrom, c.ValidTo, read.IsPermit, report.IsPermit));
        }

        await tx.CommitAsync(ct);
        await _gateway.AuditListReadAsync(actor, context,
            new AuditDraft("agreement.list", "agreement", ResourceAuthorityId: actor.AuthorityId, RelatedIds: result.Select(r => r.Id).ToList()),
            rules.ToList(), ct);
        return result;
    }

    public async Task<AgreementOverview> GetOverviewAsync(ProcessContext context, Guid agreementId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginReadAsync(ct);
        var grant = await _access.AuthorizeAsync(context, agreementId, "agreement.read", "agreement", null, ct);
        if (ObligationEnforcer.ForRead(grant.Decision) is null) throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft, grant.Decision, ct);

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
        var caller = Capabilities(grant, context);

        await tx.CommitAsync(ct);
        await _gateway.AuditReadAsync(grant.Actor, context, grant.Draft with { RelatedIds = documents.Select(d => d.Id).ToList() }, grant.Decision, ct);
        return new AgreementOverview(a.Id, a.Title, a.Municipality, a.PoliceArea, a.ValidFrom, a.ValidTo, a.SignedOn, a.Purpose,
            a.LagesbildIntervalYears, parties, forums, areas, documents, caller);
    }

    /// <summary>An uploaded document, for download. The route carries the document id only; its agreement is resolved, never trusted.</summary>
    public async Task<DocumentFile> GetDocumentFileAsync(ProcessContext context, Guid documentId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginReadAsync(ct);
        var agreementId = await _db.AgreementDocuments.AsNoTracking().Where(d => d.Id == documentId && d.Content != null)
            .Select(d => (Guid?)d.AgreementId).FirstOrDefaultAsync(ct);
        var grant = await _access.AuthorizeAsync(context, agreementId ?? Guid.Empty, "agreement.read", "agreement_document", documentId.ToString(), ct);
        if (ObligationEnforcer.ForRead(grant.Decision) is null) throw await _gateway.DenyAsync(grant.Actor, context, grant.Draft, grant.Decision, ct);
        var file = await _db.AgreementDocuments.AsNoTracking().Where(d => d.Id == documentId)
            .Select(d => new DocumentFile(d.FileName!, d.ContentType!, d.Content!)).SingleAsync(ct);
        await tx.CommitAsync(ct);
        await _gateway.AuditReadAsync(grant.Actor, context, grant.Draft with { RelatedIds = [documentId] }, grant.Decision, ct);
        return file;
    }

    /// <summary>The authorities acting for the parties (for owner choices in forms).</summary>
    internal async Task<IReadOnlyList<PartyAuthorityView>> PartyAuthoritiesAsync(Guid agreementId, CancellationToken ct) =>
        await (from p in _db.AgreementParties.AsNoTracking()
               join pa in _db.AgreementPartyAuthorities.AsNoTracking() on p.Id equals pa.PartyId
               join au in _db.Authorities.AsNoTracking() on pa.AuthorityId equals au.Id
               where p.AgreementId == agreementId
               orderby au.Name
               select new PartyAuthorityView(au.Id, au.Name)).ToListAsync(ct);

    internal AgreementCapabilities Capabilities(AgreementGrant grant, ProcessContext context)
    {
        bool Can(string action, string type) => _access.Would(grant.Actor, context, grant.Agreement, grant.Forums, action, type);
        return new AgreementCapabilities(grant.Forums, Can("agreement.document.create", "agreement_document"), Can("lagesbild.create", "lagesbild_report"),
            Can("lagesbild.read", "lagesbild_report"), Can("lagesbild.measure.create", "lagesbild_measure"),
            Can("agreementplan.read", "agreement_activity"), Can("agreementplan.create", "agreement_activity"), Can("stats.read", "statistics"));
    }
}
