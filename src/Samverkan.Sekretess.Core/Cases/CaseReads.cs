using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Cases;

/// <summary>Case reads, each decided by the PDP and audited through the <see cref="AccessGateway"/>.</summary>
public sealed class CaseReads
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AttributeResolver _resolver;
    private readonly FieldProtector _fields;

    internal CaseReads(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver, FieldProtector fields)
    {
        _db = db;
        _gateway = gateway;
        _resolver = resolver;
        _fields = fields;
    }

    /// <summary>"Mina ärenden": cases the caller's authority takes part in, each one permitted by the PDP.</summary>
    public async Task<IReadOnlyList<CaseListEntry>> ListMyCasesAsync(ProcessContext context, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        if (!actor.IsKnown) throw await _gateway.DenyAsync(actor, context, new AuditDraft("case.list", "case"), null, ct);
        await using var tx = await _gateway.BeginAsync(ct);
        // Pre-filter in SQL by participation (cheap); then every candidate is decided by the same rule as a single read.
        var candidates = await (from c in _db.Cases.AsNoTracking()
                                join a in _db.Authorities.AsNoTracking() on c.LeadAuthorityId equals a.Id
                                where c.Participants.Any(p => p.AuthorityId == actor.AuthorityId)
                                orderby c.Reference
                                select new { c.Id, c.Reference, c.Type, c.Status, c.LeadAuthorityId, c.SubjectPersonId, LeadName = a.Name, c.CreatedAt,
                                    Participants = c.Participants.Select(p => p.AuthorityId).ToList() }).ToListAsync(ct);

        var visible = new List<CaseListEntry>();
        var rules = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            var request = AccessGateway.DescribeCase(_gateway.NewRequest(actor, context, "case.read"),
                new CaseAttributes(c.Id, c.Type, c.Status, c.LeadAuthorityId, c.SubjectPersonId, c.Participants));
            var decision = _gateway.Decide(request);
            if (!decision.IsPermit) continue;
            rules.UnionWith(decision.RuleIds);
            visible.Add(new CaseListEntry(c.Id, c.Reference, c.Type, c.Status, c.LeadName, c.CreatedAt));
        }

        await _gateway.AuditListAsync(actor, context,
            new AuditDraft("case.list", "case", RelatedIds: visible.Select(v => v.Id).ToList(), ResourceAuthorityId: actor.IsKnown ? actor.AuthorityId : null),
            rules.ToList(), ct);
        await tx.CommitAsync(ct);
        return visible;
    }

    /// <summary>One case with the items the caller may read. Not found and not permitted look the same (404).</summary>
    public async Task<CaseDetails> GetCaseAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        var actor = await _resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft("case.read", "case", caseId.ToString(), CaseId: caseId);
        await using var tx = await _gateway.BeginAsync(ct);
        var attributes = await _resolver.ResolveCaseAsync(caseId, ct);
        if (attributes is null) throw await _gateway.DenyAsync(actor, context, draft, null, ct);

        draft = draft with { ResourceAuthorityId = attributes.LeadAuthorityId, PersonId = attributes.SubjectPersonId };
        var decision = _gateway.Decide(AccessGateway.DescribeCase(_gateway.NewRequest(actor, context, "case.read"), attributes));
        if (!decision.IsPermit) throw await _gateway.DenyAsync(actor, context, draft, decision, ct);

        var head = await (from c in _db.Cases.AsNoTracking()
                          join a in _db.Authorities.AsNoTracking() on c.LeadAuthorityId equals a.Id
                          join p in _db.Persons.AsNoTracking() on c.SubjectPersonId equals p.Id
                          where c.Id == caseId
                          select new { c.Reference, c.Type, c.Status, LeadName = a.Name, p.NameCipher, p.PersonalNumberCipher, p.IsTestData })
            .SingleAsync(ct);
        var items = await (from i in _db.InformationItems.AsNoTracking()
                           join a in _db.Authorities.AsNoTracking() on i.OwnerAuthorityId equals a.Id
                           where i.CaseId == caseId
                           orderby i.CreatedAt
                           select new { i.Id, i.OwnerAuthorityId, OwnerName = a.Name, i.Category, i.TitleCipher, i.TextCipher, i.CreatedAt }).ToListAsync(ct);

        var visible = new List<ItemView>();
        foreach (var i in items)
        {
            var itemDecision = _gateway.Decide(AccessGateway.DescribeCase(_gateway.NewRequest(actor, context, "item.read"), attributes)
                .Set("resource.type", "item")
                .Set("resource.id", i.Id.ToString())
                .Set("resource.ownerAuthorityId", i.OwnerAuthorityId.ToString())
                .Set("resource.category", i.Category));
            if (!itemDecision.IsPermit) continue;
            visible.Add(new ItemView(i.Id, i.Category, _fields.Unprotect(i.TitleCipher), _fields.Unprotect(i.TextCipher),
                i.OwnerName, i.CreatedAt, itemDecision.RuleIds, itemDecision.LegalGround));
        }

        var mayAdd = _gateway.Decide(AccessGateway.DescribeCase(_gateway.NewRequest(actor, context, "item.create"), attributes)
            .Set("resource.type", "item")
            .Set("resource.ownerAuthorityId", actor.AuthorityId.ToString())).IsPermit;

        // INVARIANT: the entry names exactly the items returned, and commits with the read.
        await _gateway.AuditPermitAsync(actor, context, draft with { RelatedIds = visible.Select(v => v.Id).ToList() }, decision, ct);
        await tx.CommitAsync(ct);
        return new CaseDetails(caseId, head.Reference, head.Type, head.Status, head.LeadName,
            _fields.Unprotect(head.NameCipher), _fields.Unprotect(head.PersonalNumberCipher), head.IsTestData, visible,
            mayAdd ? ItemCategories.ForOwnerKind(actor.AuthorityKind).ToList() : []);
    }
}
