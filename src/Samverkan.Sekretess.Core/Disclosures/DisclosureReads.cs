using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>The disclosures and requests of a case that concern the caller's authority (as sender or recipient); decided as a case read.</summary>
public sealed class DisclosureReads
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly FieldProtector _fields;

    internal DisclosureReads(SekretessDbContext db, AccessGateway gateway, FieldProtector fields)
    {
        _db = db;
        _gateway = gateway;
        _fields = fields;
    }

    public async Task<CaseDisclosures> ForCaseAsync(ProcessContext context, Guid caseId, CancellationToken ct)
    {
        await using var grant = await _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.CaseRead, new AccessTarget.Case(caseId)), ct);
        return await grant.ReadAsync(() => ReadAsync(grant, caseId, ct), ct);
    }

    private async Task<CaseDisclosures> ReadAsync(AccessGateway.Grant grant, Guid caseId, CancellationToken ct)
    {
        var me = grant.Actor.AuthorityId;
        var grounds = grant.Policies.LegalGrounds;
        var rows = await (from d in _db.Disclosures.AsNoTracking()
                          join s in _db.Authorities.AsNoTracking() on d.SenderAuthorityId equals s.Id
                          join r in _db.Authorities.AsNoTracking() on d.RecipientAuthorityId equals r.Id
                          join u in _db.Users.AsNoTracking() on d.DecidedByUserId equals u.Id
                          where d.CaseId == caseId && (d.SenderAuthorityId == me || d.RecipientAuthorityId == me)
                          orderby d.DecidedAt descending
                          select new { d, SenderName = s.Name, RecipientName = r.Name, u.DisplayName }).ToListAsync(ct);
        var disclosures = rows.Select(x => new DisclosureView(x.d.Id, x.d.ResourceId, x.d.ResourceType, ConsentReads.CategoryName(x.d.Category), x.SenderName, x.RecipientName,
            x.d.Ground, grounds.TryGetValue(x.d.Ground, out var g) ? g.Title : x.d.Ground, x.d.DecidedAt, x.DisplayName, x.d.AnteckningRequired, x.d.RecipientRegime,
            x.d.Channel, x.d.Initiative,
            // The assessment is the sender's own working note: only the sending authority reads it back.
            x.d.SenderAuthorityId == me && x.d.AssessmentCipher is not null ? _fields.Unprotect(x.d.AssessmentCipher) : null,
            x.d.EndedAt, x.d.EndReason, x.d.SenderAuthorityId == me)
        {
            PendingSecondApproval = x.d.PendingSecondApproval,
            IncludesContactDetails = x.d.IncludesContact,
            MayApprove = x.d.PendingSecondApproval && x.d.SenderAuthorityId == me && x.d.EndedAt == null
                && grant.Would(Actions.DisclosureApprove, r => r.Set(PolicyAttributes.ResourceType, ResourceTypes.Item)
                    .Set(PolicyAttributes.ResourceOwnerAuthorityId, x.d.SenderAuthorityId.ToString()).Set(PolicyAttributes.DisclosureDecidedByUserId, x.d.DecidedByUserId)),
        })
        // A pending disclosure is not the recipient's business until it is approved.
        .Where(v => v.Outgoing || !v.PendingSecondApproval).ToList();

        var requestRows = await (from r in _db.InformationRequests.AsNoTracking()
                                 join f in _db.Authorities.AsNoTracking() on r.FromAuthorityId equals f.Id
                                 join t in _db.Authorities.AsNoTracking() on r.ToAuthorityId equals t.Id
                                 where r.CaseId == caseId && (r.FromAuthorityId == me || r.ToAuthorityId == me)
                                 orderby r.CreatedAt descending
                                 select new { r, FromName = f.Name, ToName = t.Name }).ToListAsync(ct);
        var requests = requestRows.Select(x => new InformationRequestView(x.r.Id, caseId, x.FromName, x.ToName, _fields.Unprotect(x.r.WhatCipher), x.r.CreatedAt,
            x.r.Status, x.r.DecisionNoteCipher is null ? null : _fields.Unprotect(x.r.DecisionNoteCipher), x.r.ToAuthorityId == me)).ToList();
        var others = await Cases.CaseParticipantQueries.ParticipantsAsync(_db, caseId, me, ct);
        var reference = await _db.Cases.AsNoTracking().Where(x => x.Id == caseId).Select(x => x.Reference).SingleAsync(ct);
        var mayRequest = others.Any(o => grant.Would(Actions.RequestCreate,
            r => r.Set(PolicyAttributes.ResourceType, ResourceTypes.InformationRequest).Set(PolicyAttributes.ResourceOwnerAuthorityId, o.Id.ToString())));
        grant.Draft = grant.Draft with { ResourceType = ResourceTypes.Disclosure };
        grant.Touch(disclosures.Select(d => d.Id).Concat(requests.Select(r => r.Id)));
        return new CaseDisclosures(caseId, reference, disclosures, requests, others, mayRequest);
    }
}
