using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// The policy enforcement point: the one door to protected data, as one call. <see cref="AuthorizeAsync"/> begins the
/// transaction, lets the resolver (PIP) find every fact from the request's ids, asks the pure PDP, checks that the
/// service can discharge every obligation, and returns a <see cref="Grant"/> that runs the work and writes the entry;
/// a deny (or an id that resolves to nothing) is a committed deny entry and an <see cref="AccessDeniedException"/>.
/// Deciding, denying and auditing are private to this class and its grant: a service cannot do one without the others.
/// </summary>
internal sealed partial class AccessGateway(SekretessDbContext db, PolicyProvider policies, AuditLog audit, AttributeResolver resolver, TimeProvider clock)
{
    /// <summary>The policy set in force, for explaining decisions ("varför ser jag detta?").</summary>
    public PolicySet Policies => policies.Current;

    // For the grant (a nested class sees private members, not primary-constructor parameters).
    private SekretessDbContext Db => db;
    private AuditLog AuditWriter => audit;
    private TimeProvider Clock => clock;

    /// <summary>Decides <paramref name="request"/> and returns the grant that runs its work; throws after an audited deny.</summary>
    public async Task<Grant> AuthorizeAsync(AccessRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tx = request.Mode == AccessMode.Read ? await BeginReadAsync(ct) : await BeginAsync(ct);
        try
        {
            var actor = await resolver.ResolveActorAsync(request.Context, ct);
            var facts = await resolver.ResolveAsync(actor, request.Target, ct);
            var draft = AccessDrafts.For(request, actor, facts);
            if (facts is null) throw await DenyAsync(actor, request.Context, draft, null, ct);
            if (request.Target is AccessTarget.Rows)
            {
                // A list: only a known user may ask; each row is decided inside the grant.
                if (!actor.IsKnown) throw await DenyAsync(actor, request.Context, draft, null, ct);
                return new Grant(this, tx, request, facts, null, Duties.None, draft);
            }

            var decision = Decide(Describe(request, facts));
            if (!decision.IsPermit) throw await DenyAsync(actor, request.Context, draft, decision, ct);
            var duties = Duties.Of(decision, request.Obligations);
            if (duties is null) throw await DenyAsync(actor, request.Context, draft, decision, ct);
            return new Grant(this, tx, request, facts, decision, duties, draft);
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Whether <paramref name="request"/> would be permitted, without auditing and without a grant: only to decide what the
    /// UI offers (a menu entry, a button). Reads facts in their own short transaction; never returns data.
    /// </summary>
    public async Task<bool> WouldAsync(AccessRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var tx = await BeginReadAsync(ct);
        var actor = await resolver.ResolveActorAsync(request.Context, ct);
        var facts = await resolver.ResolveAsync(actor, request.Target, ct);
        if (facts is null || !actor.IsKnown) return false;
        if (request.Target is AccessTarget.Rows) return true;
        var decision = Decide(Describe(request, facts));
        return decision.IsPermit && Duties.Of(decision, request.Obligations) is not null;
    }

    private DecisionRequest Describe(AccessRequest request, AccessFacts facts)
    {
        var r = NewRequest(facts.Actor, request.Context, request.Action).DescribeTarget(request.Target, facts);
        return request.Describe is { } describe ? describe(r, facts) : r;
    }

    /// <summary>A request with the subject and context attributes filled in.</summary>
    private DecisionRequest NewRequest(Actor actor, ProcessContext context, PolicyAction action)
    {
        var request = policies.Current.NewRequest()
            .Set("action", action.Name)
            .Set(PolicyAttributes.ContextNow, clock.GetUtcNow())
            .Set(PolicyAttributes.ContextPurpose, context.Purpose);
        // INVARIANT: an unknown actor gets no subject attributes at all, so no permit can match it.
        if (actor.IsKnown)
        {
            request.Set(PolicyAttributes.SubjectUserId, actor.UserId)
                .Set(PolicyAttributes.SubjectAuthorityId, actor.AuthorityId.ToString())
                .Set(PolicyAttributes.SubjectAuthorityKind, actor.AuthorityKind)
                .Set(PolicyAttributes.SubjectRole, actor.Role)
                .Set(PolicyAttributes.SubjectMfa, context.Mfa);
        }

        return request;
    }

    // INVARIANT: decide with the set the request was built from, even if a reload swapped the set in between.
    private static Decision Decide(DecisionRequest request) => PolicyDecisionPoint.Decide(request, request.PolicySet);

    private Task<IDbContextTransaction> BeginAsync(CancellationToken ct) => db.Database.BeginTransactionAsync(ct);

    /// <summary>
    /// Begins a read whose attributes (what the PDP decides on) and data (what is returned) come from one snapshot.
    /// PostgreSQL's default, read committed, takes a fresh snapshot per statement: a case whose subject got protected
    /// identity, or whose participants changed, between the PIP's query and the data query would be decided on the old
    /// facts and answered with the new. Repeatable read pins one snapshot; SQLite's transactions already read one.
    /// The entry of such a read is appended after the commit (group commit): under repeatable read an append inside
    /// the transaction would fail whenever the chain head moved after the snapshot was taken.
    /// </summary>
    private Task<IDbContextTransaction> BeginReadAsync(CancellationToken ct) => db.Database.IsNpgsql()
        ? db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct)
        : db.Database.BeginTransactionAsync(ct);

    /// <summary>
    /// Rolls back whatever was begun, commits a deny entry on its own, and returns the exception for the caller to throw.
    /// The entry survives the caller's error handling.
    /// </summary>
    private async Task<AccessDeniedException> DenyAsync(Actor actor, ProcessContext context, AuditDraft draft, Decision? decision, CancellationToken ct)
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
