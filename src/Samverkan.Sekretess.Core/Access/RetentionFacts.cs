using Samverkan.Sekretess.Core.Retention;
using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>A thinning list as the arkivarie's and the job's decisions read it: whose it is and where it stands.</summary>
internal sealed record ThinningRunFacts(Guid Id, Guid AuthorityId, string Status);

/// <summary>
/// A record on a thinning list, from one snapshot: the list, the record (type, id, owner and the owner's kind), its case
/// and person, the disposition and state on the list, and the facts the holds are judged on (null when the person is gone).
/// </summary>
internal sealed record ListedRecordFacts(Guid CandidateId, ThinningRunFacts Run, string ResourceType, Guid ResourceId, string Document,
    string Disposition, string State, Guid CaseId, Guid PersonId, Guid OwnerAuthorityId, string OwnerKind, string? DocumentType, HoldFacts? Hold);

/// <summary>A gallringsstopp: the authority that placed it and what it names.</summary>
internal sealed record LegalHoldFacts(Guid Id, Guid AuthorityId, Guid? CaseId, Guid? PersonId);

/// <summary>Whether anything about a person remains anywhere (records, items naming them, consents) and whether a hold or open case keeps them.</summary>
internal sealed record PersonRetentionFacts(Guid PersonId, bool HasRecords, bool OnHold);

/// <summary>What the gateway says about the archive targets (thinning lists, listed records, holds, a person's own data).</summary>
internal static class RetentionDescriptions
{
    public static DecisionRequest DescribeRetention(this DecisionRequest request, AccessTarget target, AccessFacts facts)
    {
        switch (target)
        {
            case AccessTarget.ThinningRun:
                var run = facts.ThinningRun!;
                request.Set(PolicyAttributes.ResourceType, ResourceTypes.ThinningRun).Set(PolicyAttributes.ResourceId, run.Id.ToString())
                    .Set(PolicyAttributes.ResourceOwnerAuthorityId, run.AuthorityId.ToString()).Set(PolicyAttributes.RetentionRunStatus, run.Status);
                break;
            case AccessTarget.ThinningCandidate:
                // retention.onHold is the plan's verdict on the hold facts: the service sets it (unset, the permit fails closed).
                var r = facts.ListedRecord!;
                request.DescribeCase(facts.RequiredCase)
                    .Set(PolicyAttributes.ResourceType, r.ResourceType).Set(PolicyAttributes.ResourceId, r.ResourceId.ToString())
                    .Set(PolicyAttributes.ResourceOwnerAuthorityId, r.OwnerAuthorityId.ToString())
                    .Set(PolicyAttributes.RetentionRunStatus, r.Run.Status).Set(PolicyAttributes.RetentionDisposition, r.Disposition);
                if (r.ResourceType is RetentionRecordTypes.Item or RetentionRecordTypes.ActionPlan) request.Set(PolicyAttributes.ResourceCategory, r.Document);
                break;
            case AccessTarget.LegalHold:
                var hold = facts.LegalHold!;
                request.Set(PolicyAttributes.ResourceType, ResourceTypes.LegalHold).Set(PolicyAttributes.ResourceId, hold.Id.ToString())
                    .Set(PolicyAttributes.ResourceOwnerAuthorityId, hold.AuthorityId.ToString());
                break;
            case AccessTarget.Person:
                var person = facts.PersonRetention!;
                request.DescribeCase(facts.RequiredCase)
                    .Set(PolicyAttributes.ResourceType, ResourceTypes.Person).Set(PolicyAttributes.ResourceId, person.PersonId.ToString())
                    .Set(PolicyAttributes.RetentionPersonHasRecords, person.HasRecords).Set(PolicyAttributes.RetentionOnHold, person.OnHold);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target));
        }

        return request;
    }
}
