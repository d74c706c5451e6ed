using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>The agreement's attributes for a decision: who its parties are and when it is in force.</summary>
internal sealed record AgreementAttributes(Guid Id, IReadOnlyList<Guid> PartyAuthorityIds, DateOnly ValidFrom, DateOnly ValidTo);

/// <summary>A permitted access to the agreement: who, the forums they sit in, and the decision.</summary>
internal sealed record AgreementGrant(Actor Actor, AgreementAttributes Agreement, IReadOnlyList<string> Forums, Decision Decision, AuditDraft Draft);

/// <summary>
/// The agreement's PIP and the first step of every agreement operation: resolve the actor, the agreement and the
/// actor's forum memberships (data, fresh per request), decide, and on deny (or an unknown id) commit the deny
/// entry and throw. Nothing here reads a case: the agreement's views cannot reach case content.
/// </summary>
internal sealed class AgreementAccess(SekretessDbContext db, AccessGateway gateway, AttributeResolver resolver)
{
    public async Task<AgreementGrant> AuthorizeAsync(ProcessContext context, Guid agreementId, string action, string resourceType,
        string? resourceId, CancellationToken ct)
    {
        var actor = await resolver.ResolveActorAsync(context, ct);
        var draft = new AuditDraft(action, resourceType, resourceId ?? agreementId.ToString(), actor.IsKnown ? actor.AuthorityId : null);
        var attributes = await ResolveAsync(agreementId, ct);
        if (attributes is null) throw await gateway.DenyAsync(actor, context, draft, null, ct);
        var forums = await ForumsOfAsync(actor, agreementId, ct);
        var decision = gateway.Decide(Describe(gateway.NewRequest(actor, context, action), attributes, forums).Set("resource.type", resourceType));
        if (!decision.IsPermit) throw await gateway.DenyAsync(actor, context, draft, decision, ct);
        return new AgreementGrant(actor, attributes, forums, decision, draft);
    }

    /// <summary>Asks, without auditing, whether the actor may do something; used only to decide what the UI offers.</summary>
    public bool Would(Actor actor, ProcessContext context, AgreementAttributes agreement, IReadOnlyList<string> forums, string action, string resourceType) =>
        Decide(actor, context, agreement, forums, action, resourceType).IsPermit;

    public Decision Decide(Actor actor, ProcessContext context, AgreementAttributes agreement, IReadOnlyList<string> forums, string action, string resourceType) =>
        gateway.Decide(Describe(gateway.NewRequest(actor, context, action), agreement, forums).Set("resource.type", resourceType));

    public async Task<AgreementAttributes?> ResolveAsync(Guid agreementId, CancellationToken ct)
    {
        var head = await db.Agreements.AsNoTracking().Where(a => a.Id == agreementId)
            .Select(a => new { a.Id, a.ValidFrom, a.ValidTo }).FirstOrDefaultAsync(ct);
        if (head is null) return null;
        var parties = await (from p in db.AgreementParties.AsNoTracking()
                             join pa in db.AgreementPartyAuthorities.AsNoTracking() on p.Id equals pa.PartyId
                             where p.AgreementId == agreementId
                             select pa.AuthorityId).Distinct().ToListAsync(ct);
        return new AgreementAttributes(head.Id, parties, head.ValidFrom, head.ValidTo);
    }

    /// <summary>The kinds of the agreement's forums where the actor is a member (empty for an unknown actor).</summary>
    public async Task<IReadOnlyList<string>> ForumsOfAsync(Actor actor, Guid agreementId, CancellationToken ct)
    {
        if (!actor.IsKnown) return [];
        return await (from m in db.ForumMembers.AsNoTracking()
                      join f in db.Forums.AsNoTracking() on m.ForumId equals f.Id
                      where m.UserId == actor.UserId && f.AgreementId == agreementId
                      select f.Kind).Distinct().ToListAsync(ct);
    }

    private static DecisionRequest Describe(DecisionRequest request, AgreementAttributes a, IReadOnlyList<string> forums) =>
        request.Set("agreement.id", a.Id.ToString())
            .Set("agreement.partyAuthorityIds", a.PartyAuthorityIds.Select(p => p.ToString()))
            // The agreement runs through the last day of ValidTo; validTo in the policy is exclusive.
            .Set("agreement.validFrom", new DateTimeOffset(a.ValidFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
            .Set("agreement.validTo", new DateTimeOffset(a.ValidTo.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
            .Set("subject.agreementForums", forums);
}

/// <summary>Obligations of aggregate reads: the PEP must apply small-cell suppression with the policy's threshold.</summary>
internal static class AggregateObligations
{
    /// <summary>
    /// The suppression threshold the decision demands, or null when some obligation cannot be discharged here
    /// (fail closed). A permit for an aggregate without a suppression obligation is refused too: no aggregate
    /// is ever shown uncontrolled, whatever a policy edit says.
    /// </summary>
    public static int? Threshold(Decision decision)
    {
        int? threshold = null;
        foreach (var o in decision.Obligations)
        {
            switch (o.Kind)
            {
                case "audit-read":
                    break;
                case "suppress-small-cells" when int.TryParse(o.Argument, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t)
                                                 && t >= Statistics.SmallCellSuppression.MinimumThreshold && t <= 1000:
                    threshold = Math.Max(threshold ?? 0, t);
                    break;
                default:
                    return null;
            }
        }

        return threshold;
    }
}
