using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>A permitted case-level access: who, which case, and the decision that allowed it.</summary>
internal sealed record CaseAccessGrant(Actor Actor, CaseAttributes Case, Decision Decision, AuditDraft Draft);

/// <summary>
/// The common first step of every case-scoped operation: resolve the actor and the case, decide the
/// action, and on deny (or an unknown case id) commit the deny entry and throw. Callers begin their
/// transaction first so the attributes and the data are read consistently (reads: <see cref="AccessGateway.BeginReadAsync"/>).
/// </summary>
internal sealed class CaseAccess(AccessGateway gateway, AttributeResolver resolver)
{
    public async Task<CaseAccessGrant> AuthorizeAsync(ProcessContext context, Guid caseId, string action, string resourceType,
        Func<DecisionRequest, CaseAttributes, Actor, DecisionRequest>? describe, CancellationToken ct)
    {
        var actor = await resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft(action, resourceType, caseId.ToString(), CaseId: caseId);
        var attributes = await resolver.ResolveCaseAsync(caseId, ct);
        if (attributes is null) throw await gateway.DenyAsync(actor, context, draft, null, ct);

        draft = draft with { ResourceAuthorityId = attributes.LeadAuthorityId, PersonId = attributes.SubjectPersonId };
        var request = gateway.NewRequest(actor, context, action).DescribeCase(attributes);
        request = describe is null ? request.Set("resource.type", resourceType) : describe(request, attributes, actor);
        var decision = gateway.Decide(request);
        if (!decision.IsPermit) throw await gateway.DenyAsync(actor, context, draft, decision, ct);
        return new CaseAccessGrant(actor, attributes, decision, draft);
    }

    /// <summary>Asks, without auditing, whether the actor may do something; used only to decide what the UI offers.</summary>
    public bool Would(Actor actor, ProcessContext context, CaseAttributes c, string action, Func<DecisionRequest, DecisionRequest> describe) =>
        gateway.Decide(describe(gateway.NewRequest(actor, context, action).DescribeCase(c))).IsPermit;
}
