using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>Fills the resource and case parts of a decision request from resolved attributes.</summary>
internal static class RequestDescriptions
{
    public static DecisionRequest DescribeCase(this DecisionRequest request, CaseAttributes c) =>
        request.Set("case.id", c.Id.ToString())
            .Set("case.type", c.Type)
            .Set("case.status", c.Status)
            .Set("case.leadAuthorityId", c.LeadAuthorityId.ToString())
            .Set("case.participatingAuthorityIds", c.ParticipantAuthorityIds.Select(a => a.ToString()));

    public static DecisionRequest DescribeItem(this DecisionRequest request, CaseAttributes c, ItemAttributes item, string resourceType = "item")
    {
        request.DescribeCase(c)
            .Set("resource.type", resourceType)
            .Set("resource.id", item.Id.ToString())
            .Set("resource.ownerAuthorityId", item.OwnerAuthorityId.ToString())
            .Set("resource.ownerAuthorityKind", item.OwnerAuthorityKind)
            .Set("resource.category", item.Category)
            .Set("resource.dataSubjectIds", [c.SubjectPersonId.ToString()])
            .Set("resource.protectedIdentity", c.SubjectProtectedIdentity)
            .Set("resource.disclosedToAuthorityIds", (item.DisclosedTo ?? []).Select(a => a.ToString()))
            .Set("disclosure.secondApproverRecorded", false);
        // The label comes from policies/labels.yaml; an unlabelled category leaves the attributes unset, so every
        // rule that tests them fails closed.
        if (request.PolicySet.Labels.Categories.TryGetValue(item.Category, out var label))
        {
            var provision = label.Provision == "owner"
                ? request.PolicySet.Labels.OwnerProvisions.GetValueOrDefault(item.OwnerAuthorityKind)
                : label.Provision;
            if (provision is not null) request.Set("resource.secrecyProvision", provision);
            request.Set("resource.protectsPublicInterest", label.ProtectsPublicInterest);
        }

        return request;
    }

    /// <summary>Marks a read by an authority that received the item with contact details approved by a second person.</summary>
    public static DecisionRequest ForReader(this DecisionRequest request, ItemAttributes item, Actor actor) =>
        request.Set("disclosure.secondApproverRecorded", item.ContactApprovedFor?.Contains(actor.AuthorityId) == true);

    public static DecisionRequest DescribeSubject(this DecisionRequest request, SubjectAttributes subject) =>
        request.Set("dataSubject.age", subject.Age).Set("dataSubject.custodianCount", subject.CustodianCount);

    public static DecisionRequest DescribeConsent(this DecisionRequest request, ConsentAttributes consent) =>
        request.Set("consent.subjectIds", [consent.SubjectPersonId.ToString()])
            .Set("consent.senderAuthorityIds", consent.Senders.Select(a => a.ToString()))
            .Set("consent.recipientAuthorityIds", consent.Recipients.Select(a => a.ToString()))
            .Set("consent.categories", consent.Categories)
            .Set("consent.purpose", consent.Purpose)
            .Set("consent.validFrom", new DateTimeOffset(DateTime.SpecifyKind(consent.ValidFrom, DateTimeKind.Utc)))
            .Set("consent.validTo", new DateTimeOffset(DateTime.SpecifyKind(consent.ValidTo, DateTimeKind.Utc)))
            .Set("consent.withdrawn", consent.Withdrawn)
            .Set("consent.givenBySubject", consent.GivenBySubject)
            .Set("consent.guardianConsentCount", consent.GuardianConsentCount)
            .Set("consent.custodyExceptionDocumented", consent.CustodyExceptionDocumented);
}
