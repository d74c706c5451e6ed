namespace Samverkan.Sekretess.Policy;

/// <summary>
/// The pure decision function: no I/O, no clock, no randomness. Default deny; any satisfied forbid
/// overrides every permit; a forbid that cannot be evaluated denies with an error.
/// </summary>
public static class PolicyDecisionPoint
{
    /// <summary>Decides <paramref name="request"/> under <paramref name="policies"/>.</summary>
    public static Decision Decide(DecisionRequest request, PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policies);

        // Slots are only meaningful for the vocabulary that built the request (e.g. after a reload).
        if (!ReferenceEquals(request.PolicySet, policies))
            return policies.ErrorDeny("förfrågan skapades för en annan policyuppsättning (" + request.PolicySet.Version + ")");
        if (!request.Slots[policies.ActionSlot].Present)
            return policies.ErrorDeny("attributet 'action' saknas");

        return policies.GroupFor(request)?.Evaluate(request) ?? policies.DefaultDeny;
    }
}
