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

    public static DecisionRequest DescribeItem(this DecisionRequest request, CaseAttributes c, ItemAttributes item, string resourceType = "item") =>
        request.DescribeCase(c)
            .Set("resource.type", resourceType)
            .Set("resource.id", item.Id.ToString())
            .Set("resource.ownerAuthorityId", item.OwnerAuthorityId.ToString())
            .Set("resource.ownerAuthorityKind", item.OwnerAuthorityKind)
            .Set("resource.category", item.Category)
            .Set("resource.dataSubjectIds", [c.SubjectPersonId.ToString()])
            .Set("resource.protectedIdentity", c.SubjectProtectedIdentity)
            // Disclosures arrive with the consent/disclosure issue; until then nothing is disclosed to anyone.
            .Set("resource.disclosedToAuthorityIds", Array.Empty<string>())
            .Set("disclosure.secondApproverRecorded", false);
}
