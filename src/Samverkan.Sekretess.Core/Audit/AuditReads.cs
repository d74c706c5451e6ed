using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Audit;

/// <summary>An audit entry as the data-protection officer sees it: metadata only, never case content.</summary>
public sealed record AuditEntryView(
    long Sequence, DateTime OccurredAt, string? ActorName, string? ActorAuthorityName, string ActorRole, string Action,
    string ResourceType, string? ResourceId, Guid? CaseId, string Decision, string RuleIds, string? LegalGround, string? Purpose);

/// <summary>
/// Audit-log reads for the DPO. Each DPO sees the entries of their own authority: those made by its
/// users and those about its resources. Reading the log is itself decided and audited.
/// </summary>
public sealed class AuditReads
{
    private readonly SekretessDbContext _db;
    private readonly AccessGateway _gateway;
    private readonly AuditTailCheck _verifier;
    private readonly AuditCheckpoints _checkpoints;

    internal AuditReads(SekretessDbContext db, AccessGateway gateway, AuditTailCheck verifier, AuditCheckpoints checkpoints)
    {
        _checkpoints = checkpoints;
        _db = db;
        _gateway = gateway;
        _verifier = verifier;
    }

    public async Task<IReadOnlyList<AuditEntryView>> ListAsync(ProcessContext context, int take, CancellationToken ct)
    {
        await using var grant = await AuthorizeAsync(context, Actions.AuditRead, ct);
        return await grant.ReadAsync(async () =>
        {
            var authority = grant.Actor.AuthorityId;
            var rows = await (from e in _db.AuditEntries.AsNoTracking()
                              where e.ActorAuthorityId == authority || e.ResourceAuthorityId == authority
                              orderby e.Sequence descending
                              select new
                              {
                                  e.Sequence, e.OccurredAt, e.ActorRole, e.Action, e.ResourceType, e.ResourceId, e.CaseId, e.Decision, e.RuleIds, e.LegalGround, e.Purpose,
                                  ActorName = _db.Users.Where(u => u.Id == e.ActorUserId).Select(u => u.DisplayName).FirstOrDefault(),
                                  AuthorityName = _db.Authorities.Where(a => a.Id == e.ActorAuthorityId).Select(a => a.Name).FirstOrDefault(),
                              }).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
            return (IReadOnlyList<AuditEntryView>)rows.Select(r => new AuditEntryView(r.Sequence, r.OccurredAt, r.ActorName, r.AuthorityName, r.ActorRole, r.Action,
                r.ResourceType, r.ResourceId, r.CaseId, r.Decision, r.RuleIds, r.LegalGround, r.Purpose)).ToList();
        }, ct);
    }

    /// <summary>Verifies the whole chain and its head against the newest checkpoint. Only callers permitted to read the audit log may run it.</summary>
    public async Task<AuditChainReport> VerifyChainAsync(ProcessContext context, CancellationToken ct)
    {
        await using var grant = await AuthorizeAsync(context, Actions.AuditVerify, ct);
        return await grant.ReadAsync(() => _verifier.VerifyAsync(_db, null, ct), ct);
    }

    /// <summary>
    /// Checks the live chain against an exported checkpoint file (JSON): its signature, and that history up to
    /// it was neither truncated nor rewritten. Decided and audited as a verification.
    /// </summary>
    public async Task<AuditCheckpointReport> VerifyAgainstCheckpointAsync(ProcessContext context, string checkpointJson, CancellationToken ct)
    {
        await using var grant = await AuthorizeAsync(context, Actions.AuditVerify, ct);
        return await grant.ReadAsync(async () =>
        {
            try
            {
                return await _checkpoints.VerifyAsync(_db, AuditCheckpoint.FromJson(checkpointJson), ct);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
            {
                return new AuditCheckpointReport(false, false, 0, 0, null, "Filen är ingen giltig kontrollpunkt.");
            }
        }, ct);
    }

    /// <summary>Reading and verifying the log are both decided as audit.read on the caller's own authority's log; the entry names the action done.</summary>
    private Task<AccessGateway.Grant> AuthorizeAsync(ProcessContext context, PolicyAction audited, CancellationToken ct) =>
        _gateway.AuthorizeAsync(AccessRequest.Read(context, Actions.AuditRead, new AccessTarget.OwnAuthority(ResourceTypes.AuditLog)) with
        {
            AuditAction = audited.Name,
        }, ct);
}
