using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// The policy enforcement point: the one door to protected data. Feature services (CaseReads,
/// CaseWrites, AuditReads …) call it for every access: build the request from resolved attributes,
/// ask the pure PDP, and write the audit entry in the same transaction as the data access.
/// A deny is committed as its own audit entry before <see cref="AccessDeniedException"/> is thrown.
/// </summary>
internal sealed class AccessGateway(SekretessDbContext db, PolicyProvider policies, AuditLog audit, TimeProvider clock)
{
    /// <summary>A request with the subject and context attributes filled in.</summary>
    public DecisionRequest NewRequest(Actor actor, ProcessContext context, string action)
    {
        var request = policies.Current.NewRequest()
            .Set("action", action)
            .Set("context.now", clock.GetUtcNow())
            .Set("context.purpose", context.Purpose);
        // INVARIANT: an unknown actor gets no subject attributes at all, so no permit can match it.
        if (actor.IsKnown)
        {
            request.Set("subject.userId", actor.UserId)
                .Set("subject.authorityId", actor.AuthorityId.ToString())
                .Set("subject.authorityKind", actor.AuthorityKind)
                .Set("subject.role", actor.Role)
                .Set("subject.mfa", context.Mfa);
        }

        return request;
    }

    // INVARIANT: decide with the set the request was built from, even if a reload swapped the set in between.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Every decision visibly passes through the PEP instance.")]
    public Decision Decide(DecisionRequest request) => PolicyDecisionPoint.Decide(request, request.PolicySet);

    /// <summary>The policy set in force, for explaining decisions ("varför ser jag detta?").</summary>
    public PolicySet Policies => policies.Current;

    /// <summary>Begins the transaction that the data access and its audit entry share.</summary>
    public Task<IDbContextTransaction> BeginAsync(CancellationToken ct) => db.Database.BeginTransactionAsync(ct);

    /// <summary>
    /// Begins a read whose attributes (what the PDP decides on) and data (what is returned) come from one snapshot.
    /// PostgreSQL's default, read committed, takes a fresh snapshot per statement: a case whose subject got protected
    /// identity, or whose participants changed, between the PIP's query and the data query would be decided on the old
    /// facts and answered with the new. Repeatable read pins one snapshot; SQLite's transactions already read one.
    /// Only for reads that append their audit entry after the commit (group commit): under repeatable read an append
    /// inside the transaction would fail whenever the chain head moved after the snapshot was taken.
    /// </summary>
    public Task<IDbContextTransaction> BeginReadAsync(CancellationToken ct) => db.Database.IsNpgsql()
        ? db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct)
        : db.Database.BeginTransactionAsync(ct);

    /// <summary>Appends the permit entry inside the caller's transaction; if it fails, the caller's data never leaves.</summary>
    public Task AuditPermitAsync(Actor actor, ProcessContext context, AuditDraft draft, Decision decision, CancellationToken ct) =>
        audit.AppendAsync(db, ToEntry(actor, context, draft, "permit", decision.RuleIds, decision.LegalGround, decision.PolicySetVersion), ct);


    /// <summary>
    /// Audits a permitted <b>read</b> through group commit: completes only when the entry is durably committed
    /// (shared with other concurrent reads in one transaction); throws if it could not be written, so the
    /// caller must not return the data. Call it after the data was read and before returning it, outside any
    /// transaction that already appended an audit entry. Writes and denials keep <see cref="AuditPermitAsync"/>.
    /// </summary>
    public Task AuditReadAsync(Actor actor, ProcessContext context, AuditDraft draft, Decision decision, CancellationToken ct) =>
        audit.AppendReadDurablyAsync(ToEntry(actor, context, draft, "permit", decision.RuleIds, decision.LegalGround, decision.PolicySetVersion), ct);

    /// <summary>Group-commit read entry for a filtered list: the union of the rules that permitted each returned row.</summary>
    public Task AuditListReadAsync(Actor actor, ProcessContext context, AuditDraft draft, IReadOnlyList<string> ruleIds, CancellationToken ct) =>
        audit.AppendReadDurablyAsync(ToEntry(actor, context, draft, "permit", ruleIds, null, policies.Current.Version), ct);

    /// <summary>
    /// Rolls back whatever the caller had begun, commits a deny entry on its own, and returns the
    /// exception for the caller to throw. The entry survives the caller's error handling.
    /// </summary>
    public async Task<AccessDeniedException> DenyAsync(Actor actor, ProcessContext context, AuditDraft draft, Decision? decision, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is { } open) await open.RollbackAsync(ct);
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entry = ToEntry(actor, context, draft, "deny", decision?.RuleIds ?? [], decision?.LegalGround, decision?.PolicySetVersion ?? policies.Current.Version);
        await audit.AppendAsync(db, entry, ct);
        await tx.CommitAsync(ct);
        return new AccessDeniedException();
    }

    private static AuditEntry ToEntry(Actor actor, ProcessContext context, AuditDraft draft, string decision,
        IReadOnlyList<string> ruleIds, string? ground, string policyVersion) => new()
        {
            ActorUserId = string.IsNullOrEmpty(actor.UserId) ? null : actor.UserId,
            ActorAuthorityId = actor.IsKnown ? actor.AuthorityId : null,
            ActorRole = actor.Role,
            Action = draft.Action,
            ResourceType = draft.ResourceType,
            ResourceId = draft.ResourceId,
            ResourceAuthorityId = draft.ResourceAuthorityId,
            CaseId = draft.CaseId,
            PersonId = draft.PersonId,
            ItemIds = draft.RelatedIds is null ? "" : string.Join(',', draft.RelatedIds),
            Decision = decision,
            RuleIds = string.Join(',', ruleIds),
            LegalGround = ground,
            Purpose = context.Purpose,
            PolicyVersion = policyVersion,
        };
}
