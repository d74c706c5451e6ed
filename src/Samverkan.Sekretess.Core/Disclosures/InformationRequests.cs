using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Protection;

namespace Samverkan.Sekretess.Core.Disclosures;

/// <summary>
/// Begäran om uppgifter: a participating authority asks another; the owner answers by disclosing on a ground
/// (DisclosureWrites with the request id) or declines with a reason. Both ends are decided and audited.
/// </summary>
public sealed class InformationRequests
{
    private const int MaxText = 2000;
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly FieldProtector _fields;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    internal InformationRequests(SekretessDbContext db, AccessGateway gateway, FieldProtector fields, Notifier notifier, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _fields = fields;
        _notifier = notifier;
        _clock = clock;
    }

    public async Task<Guid> CreateAsync(ProcessContext context, Guid caseId, Guid toAuthorityId, string? what, Guid? requestId, CancellationToken ct)
    {
        var request = AccessRequest.Write(context, Actions.RequestCreate, new AccessTarget.Case(caseId, ResourceTypes.InformationRequest)) with
        {
            Describe = (r, _) => r.Set(PolicyAttributes.ResourceOwnerAuthorityId, toAuthorityId.ToString()),
            Idempotency = ItemWrites.IdempotencyOf(Actions.RequestCreate, requestId),
        };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        return await grant.CreateAsync(async id =>
        {
            var text = (what ?? "").Trim();
            if (text.Length is 0 or > MaxText) throw new InvalidCommandException($"Beskriv vilka uppgifter ni behöver och varför (högst {MaxText} tecken).");
            _db.InformationRequests.Add(new InformationRequest
            {
                Id = id, CaseId = caseId, FromAuthorityId = grant.Actor.AuthorityId, ToAuthorityId = toAuthorityId, RequestedByUserId = grant.Actor.UserId,
                WhatCipher = _fields.Protect(text), CreatedAt = _clock.GetUtcNow().UtcDateTime,
            });
            await _notifier.ToAuthorityAsync(toAuthorityId, NotificationKinds.InformationRequested, caseId, id, $"request:{id}", ct);
            grant.Draft = grant.Draft with { ResourceAuthorityId = toAuthorityId };
            grant.Touch(id);
        }, ct);
    }

    public async Task DeclineAsync(ProcessContext context, Guid requestId, string? reason, CancellationToken ct)
    {
        var request = AccessRequest.Write(context, Actions.RequestDecide, new AccessTarget.InformationRequest(requestId)) with
        {
            Describe = (r, f) => r.Set(PolicyAttributes.ResourceOwnerAuthorityId, f.InformationRequest!.ToAuthorityId.ToString()),
        };
        await using var grant = await _gateway.AuthorizeAsync(request, ct);
        await grant.WriteAsync(async () =>
        {
            var text = (reason ?? "").Trim();
            if (text.Length is 0 or > MaxText) throw new InvalidCommandException("Motivera varför begäran avslås (sekretess som inte kan brytas, uppgiften finns inte …).");
            var row = await _db.InformationRequests.SingleAsync(r => r.Id == requestId, ct);
            if (row.Status != InformationRequestStatuses.Open) return;
            row.Status = InformationRequestStatuses.Declined;
            row.DecidedAt = _clock.GetUtcNow().UtcDateTime;
            row.DecidedByUserId = grant.Actor.UserId;
            row.DecisionNoteCipher = _fields.Protect(text);
            await _notifier.ToAuthorityAsync(row.FromAuthorityId, NotificationKinds.InformationRequested, row.CaseId, requestId, $"request.declined:{requestId}", ct);
        }, ct);
    }

    /// <summary>Open requests from one authority (or all) to the caller's, for the share form; read inside the caller's decided access.</summary>
    internal static async Task<List<InformationRequestView>> OpenFromAsync(SekretessDbContext db, FieldProtector fields, Guid caseId, Guid? fromAuthority, Guid to, CancellationToken ct)
    {
        var rows = await (from r in db.InformationRequests.AsNoTracking()
                          join f in db.Authorities.AsNoTracking() on r.FromAuthorityId equals f.Id
                          join t in db.Authorities.AsNoTracking() on r.ToAuthorityId equals t.Id
                          where r.CaseId == caseId && r.ToAuthorityId == to && r.Status == InformationRequestStatuses.Open && (fromAuthority == null || r.FromAuthorityId == fromAuthority)
                          orderby r.CreatedAt
                          select new { r.Id, FromName = f.Name, ToName = t.Name, r.WhatCipher, r.CreatedAt, r.Status }).ToListAsync(ct);
        return rows.Select(r => new InformationRequestView(r.Id, caseId, r.FromName, r.ToName, fields.Unprotect(r.WhatCipher), r.CreatedAt, r.Status, null, true)).ToList();
    }
}
