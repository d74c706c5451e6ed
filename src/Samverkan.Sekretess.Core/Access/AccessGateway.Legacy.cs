using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

// TRANSITION ONLY: the toolkit the services used before AuthorizeAsync. Deleted (and BeginAsync, BeginReadAsync,
// Decide and DenyAsync made private) once every service has moved to grants; an architecture test then proves it.
internal sealed partial class AccessGateway
{
    public DecisionRequest NewRequest(Actor actor, ProcessContext context, string action) =>
        NewRequest(actor, context, new PolicyAction(action));

    public Task AuditPermitAsync(Actor actor, ProcessContext context, AuditDraft draft, Decision decision, CancellationToken ct) =>
        audit.AppendAsync(db, ToEntry(actor, context, draft, "permit", decision.RuleIds, decision.LegalGround, decision.PolicySetVersion), ct);

    public Task AuditReadAsync(Actor actor, ProcessContext context, AuditDraft draft, Decision decision, CancellationToken ct) =>
        audit.AppendReadDurablyAsync(ToEntry(actor, context, draft, "permit", decision.RuleIds, decision.LegalGround, decision.PolicySetVersion), ct);

    public Task AuditListReadAsync(Actor actor, ProcessContext context, AuditDraft draft, IReadOnlyList<string> ruleIds, CancellationToken ct) =>
        audit.AppendReadDurablyAsync(ToEntry(actor, context, draft, "permit", ruleIds, null, policies.Current.Version), ct);
}
