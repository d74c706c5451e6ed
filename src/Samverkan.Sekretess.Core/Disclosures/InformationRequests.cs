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
    private readonly CaseAccess _access;
    private readonly FieldProtector _fields;
    private readonly Notifier _notifier;
    private readonly TimeProvider _clock;

    internal InformationRequests(SekretessDbContext db, AccessGateway gateway, CaseAccess access, FieldProtector fields, Notifier notifier, TimeProvider clock)
    {
        _db = db;
        _gateway = gateway;
        _access = access;
        _fields = fields;
        _notifier = notifier;
        _clock = clock;
    }

    public async Task<Guid> CreateAsync(ProcessContext context, Guid caseId, Guid toAuthorityId, string? what, Guid? requestId, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var id = requestId ?? Guid.NewGuid();
        var grant = await _access.AuthorizeAsync(context, caseId, "request.create", "information_request",
            (r, _, _) => r.Set("resource.type", "information_request").Set("resource.ownerAuthorityId", toAuthorityId.ToString()), ct);
        if (await _db.InformationRequests.AnyAsync(r => r.Id == id, ct)) return id;
        var text = (what ?? "").Trim();
        if (text.Length is 0 or > MaxText) throw new InvalidCommandException($"Beskriv vilka uppgifter ni behöver och varför (högst {MaxText} tecken).");
        _db.InformationRequests.Add(new InformationRequest
        {
            Id = id, CaseId = caseId, FromAuthorityId = grant.Actor.AuthorityId, ToAuthorityId = toAuthorityId, RequestedByUserId = grant.Actor.UserId,
            WhatCipher = _fields.Protect(text), CreatedAt = _clock.GetUtcNow().UtcDateTime,
        });
        await _notifier.ToAuthorityAsync(toAuthorityId, NotificationKinds.InformationRequested, caseId, id, $"request:{id}", ct);
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(grant.Actor, context,
            grant.Draft with { ResourceType = "information_request", ResourceId = id.ToString(), ResourceAuthorityId = toAuthorityId, RelatedIds = [id] }, grant.Decision, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task DeclineAsync(ProcessContext context, Guid requestId, string? reason, CancellationToken ct)
    {
        await using var tx = await _gateway.BeginAsync(ct);
        var row = await _db.InformationRequests.AsNoTracking().Where(r => r.Id == requestId).Select(r => new { r.CaseId, r.ToAuthorityId, r.FromAuthorityId }).FirstOrDefaultAsync(ct);
        var grant = await _access.AuthorizeAsync(context, row?.CaseId ?? Guid.Empty, "request.decide", "information_request",
            (r, _, _) => r.Set("resource.type", "information_request").Set("resource.ownerAuthorityId", row!.ToAuthorityId.ToString()), ct);
        var text = (reason ?? "").Trim();
        if (text.Length is 0 or > MaxText) throw new InvalidCommandException("Motivera varför begäran avslås (sekretess som inte kan brytas, uppgiften finns inte …).");
        var request = await _db.InformationRequests.SingleAsync(r => r.Id == requestId, ct);
        if (request.Status != InformationRequestStatuses.Open) return;
        request.Status = InformationRequestStatuses.Declined;
        request.DecidedAt = _clock.GetUtcNow().UtcDateTime;
        request.DecidedByUserId = grant.Actor.UserId;
        request.DecisionNoteCipher = _fields.Protect(text);
        await _notifier.ToAuthorityAsync(row!.FromAuthorityId, NotificationKinds.InformationRequested, row.CaseId, requestId, $"request.declined:{requestId}", ct);
        await _db.SaveChangesAsync(ct);
        await _gateway.AuditPermitAsync(grant.Actor, context,
            grant.Draft with { ResourceType = "information_request", ResourceId = requestId.ToString(), ResourceAuthorityId = row.ToAuthorityId, RelatedIds = [requestId] }, grant.Decision, ct);
        await tx.CommitAsync(ct);
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
