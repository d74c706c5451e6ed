using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>
/// The agreement's side of a grant: the resolved agreement, and the description of a further decision on it (what a page
/// offers, a row of the list). Nothing here reads a case: the agreement's views cannot reach case content.
/// </summary>
internal static class AgreementGrants
{
    /// <summary>The agreement the grant was given on (every agreement target resolves one, or the access was refused).</summary>
    public static AgreementFacts Agreement(this AccessGateway.Grant grant) =>
        grant.Facts.Agreement ?? throw new InvalidOperationException("This access has no agreement.");

    /// <summary>A further decision on something of <paramref name="agreement"/> of the given resource type.</summary>
    public static Func<DecisionRequest, DecisionRequest> On(AgreementFacts agreement, string resourceType) =>
        r => r.DescribeAgreement(agreement).Set(PolicyAttributes.ResourceType, resourceType);

    /// <summary>Whether the grant's caller could also do <paramref name="action"/> on the agreement (for what the UI offers; not audited).</summary>
    public static bool WouldOnAgreement(this AccessGateway.Grant grant, PolicyAction action, string resourceType, ObligationProfile profile) =>
        grant.Would(action, On(grant.Agreement(), resourceType), profile);
}
