using Samverkan.Sekretess.Policy;

namespace Samverkan.Sekretess.Core.Access;

/// <summary>Fills the resource and case parts of a decision request from resolved attributes.</summary>
internal static class RequestDescriptions
{
    /// <summary>What the gateway itself says about a target, from the resolver's facts only.</summary>
    public static DecisionRequest DescribeTarget(this DecisionRequest request, AccessTarget target, AccessFacts facts)
    {
        switch (target)
        {
            case AccessTarget.Record or AccessTarget.NewRecord:
                request.DescribeItem(facts.RequiredCase, facts.RequiredRecord, target.ResourceType).ForReader(facts.RequiredRecord, facts.Actor);
                break;
            case AccessTarget.Disclosure:
                request.DescribeItem(facts.RequiredCase, facts.RequiredRecord, facts.RequiredRecord.Type);
                break;
            case AccessTarget.Meeting:
                request.DescribeMeeting(facts.RequiredCase, facts.Meeting!);
                break;
            case AccessTarget.Agreement:
                request.DescribeAgreement(facts.Agreement!).Set(PolicyAttributes.ResourceType, target.ResourceType);
                break;
            case AccessTarget.OwnAuthority:
                request.Set(PolicyAttributes.ResourceType, target.ResourceType);
                if (facts.Actor.IsKnown) request.Set(PolicyAttributes.ResourceOwnerAuthorityId, facts.Actor.AuthorityId.ToString());
                if (facts.Unit is { } unit) request.Set(PolicyAttributes.SubjectUnit, unit.Name).Set(PolicyAttributes.ResourceUnit, unit.Name);
                break;
            case AccessTarget.AgreementRecord:
                request.DescribeAgreement(facts.Agreement!).Set(PolicyAttributes.ResourceType, target.ResourceType);
                break;
            case AccessTarget.ThinningRun or AccessTarget.ThinningCandidate or AccessTarget.LegalHold or AccessTarget.Person:
                request.DescribeRetention(target, facts);
                break;
            case AccessTarget.UserAccount or AccessTarget.NewAccountIn or AccessTarget.FederationMapping:
                request.DescribeAccount(target.ResourceType, facts.Account!);
                break;
            case AccessTarget.BreakGlassSession:
                var session = facts.BreakGlassSession!;
                // The session's owner is the authority whose user broke the glass: its DPO reviews it (BTG-RV-001).
                request.DescribeCase(facts.RequiredCase).Set(PolicyAttributes.ResourceType, target.ResourceType)
                    .Set(PolicyAttributes.ResourceId, session.Id.ToString())
                    .Set(PolicyAttributes.ResourceOwnerAuthorityId, session.AuthorityId.ToString())
                    .Set(PolicyAttributes.BreakGlassUserId, session.UserId)
                    .Set(PolicyAttributes.BreakGlassExpiresAt, new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc)));
                break;
            default:
                if (facts.Case is { } c) request.DescribeCase(c);
                request.Set(PolicyAttributes.ResourceType, target.ResourceType);
                break;
        }

        return request;
    }

    public static DecisionRequest DescribeCase(this DecisionRequest request, CaseAttributes c) =>
        request.Set(PolicyAttributes.CaseId, c.Id.ToString())
            .Set(PolicyAttributes.CaseType, c.Type)
            .Set(PolicyAttributes.CaseStatus, c.Status)
            .Set(PolicyAttributes.CaseLeadAuthorityId, c.LeadAuthorityId.ToString())
            .Set(PolicyAttributes.CaseParticipatingAuthorityIds, c.ParticipantAuthorityIds.Select(a => a.ToString()));

    /// <summary>
    /// An item or plan entry: its owner, category and secrecy label, every person it is about (each one's consent counts
    /// for their own data), whether any of them has protected personal data, and to whom it is disclosed.
    /// </summary>
    public static DecisionRequest DescribeItem(this DecisionRequest request, CaseAttributes c, ItemAttributes item, string resourceType = ResourceTypes.Item)
    {
        // INVARIANT: a record is always about someone; the case's person when the item names nobody else.
        IReadOnlyList<Guid> subjects = item.DataSubjectIds.Count > 0 ? item.DataSubjectIds : [c.SubjectPersonId];
        request.DescribeCase(c)
            .Set(PolicyAttributes.ResourceType, resourceType)
            .Set(PolicyAttributes.ResourceId, item.Id.ToString())
            .Set(PolicyAttributes.ResourceOwnerAuthorityId, item.OwnerAuthorityId.ToString())
            .Set(PolicyAttributes.ResourceOwnerAuthorityKind, item.OwnerAuthorityKind)
            .Set(PolicyAttributes.ResourceCategory, item.Category)
            .Set(PolicyAttributes.ResourceDataSubjectIds, subjects.Select(s => s.ToString()))
            .Set(PolicyAttributes.ResourceProtectedIdentity, c.SubjectProtectedIdentity || item.AnySubjectProtected)
            .Set(PolicyAttributes.ResourceDisclosedToAuthorityIds, (item.DisclosedTo ?? []).Select(a => a.ToString()))
            .Set(PolicyAttributes.ResourceContactDisclosedToAuthorityIds, (item.ContactDisclosedTo ?? []).Select(a => a.ToString()))
            .Set(PolicyAttributes.DisclosureSecondApproverRecorded, false);
        // The label comes from policies/labels.yaml; an unlabelled category leaves the attributes unset, so every
        // rule that tests them fails closed.
        if (request.PolicySet.Labels.Categories.TryGetValue(item.Category, out var label))
        {
            var provision = label.Provision == "owner"
                ? request.PolicySet.Labels.OwnerProvisions.GetValueOrDefault(item.OwnerAuthorityKind)
                : label.Provision;
            if (provision is not null) request.Set(PolicyAttributes.ResourceSecrecyProvision, provision);
            request.Set(PolicyAttributes.ResourceProtectsPublicInterest, label.ProtectsPublicInterest);
        }

        return request;
    }

    /// <summary>Marks a read by an authority that received the item with contact details approved by a second person.</summary>
    public static DecisionRequest ForReader(this DecisionRequest request, ItemAttributes item, Actor actor) =>
        request.Set(PolicyAttributes.DisclosureSecondApproverRecorded, item.ContactApprovedFor?.Contains(actor.AuthorityId) == true);

    public static DecisionRequest DescribeSubject(this DecisionRequest request, SubjectAttributes subject) =>
        request.Set(PolicyAttributes.DataSubjectAge, subject.Age).Set(PolicyAttributes.DataSubjectCustodianCount, subject.CustodianCount);

    public static DecisionRequest DescribeConsent(this DecisionRequest request, ConsentAttributes consent) =>
        request.Set(PolicyAttributes.ConsentSubjectIds, consent.SubjectPersonIds.Select(s => s.ToString()))
            .Set(PolicyAttributes.ConsentSenderAuthorityIds, consent.Senders.Select(a => a.ToString()))
            .Set(PolicyAttributes.ConsentRecipientAuthorityIds, consent.Recipients.Select(a => a.ToString()))
            .Set(PolicyAttributes.ConsentCategories, consent.Categories)
            .Set(PolicyAttributes.ConsentPurpose, consent.Purpose)
            .Set(PolicyAttributes.ConsentValidFrom, new DateTimeOffset(DateTime.SpecifyKind(consent.ValidFrom, DateTimeKind.Utc)))
            .Set(PolicyAttributes.ConsentValidTo, new DateTimeOffset(DateTime.SpecifyKind(consent.ValidTo, DateTimeKind.Utc)))
            .Set(PolicyAttributes.ConsentWithdrawn, consent.Withdrawn)
            .Set(PolicyAttributes.ConsentGivenBySubject, consent.GivenBySubject)
            .Set(PolicyAttributes.ConsentGuardianConsentCount, consent.GuardianConsentCount)
            .Set(PolicyAttributes.ConsentCustodyExceptionDocumented, consent.CustodyExceptionDocumented);

    public static DecisionRequest DescribeMeeting(this DecisionRequest request, CaseAttributes c, MeetingAttributes meeting) =>
        request.DescribeCase(c)
            .Set(PolicyAttributes.ResourceType, ResourceTypes.Meeting)
            .Set(PolicyAttributes.ResourceId, meeting.Id.ToString())
            .Set(PolicyAttributes.ResourceDataSubjectIds, [c.SubjectPersonId.ToString()])
            .Set(PolicyAttributes.MeetingPresentAuthorityIds, meeting.PresentAuthorityIds.Select(a => a.ToString()));

    /// <summary>
    /// An account for administration: the authority it belongs to (the owner the rules compare with the administrator's)
    /// and its role (no administrator gives a role above its own, and no system account gets a password).
    /// </summary>
    public static DecisionRequest DescribeAccount(this DecisionRequest request, string resourceType, AccountAttributes account)
    {
        request.Set(PolicyAttributes.ResourceType, resourceType)
            .Set(PolicyAttributes.ResourceOwnerAuthorityId, account.AuthorityId.ToString())
            .Set(PolicyAttributes.ResourceOwnerAuthorityKind, account.AuthorityKind);
        if (account.Role is { } role) request.Set(PolicyAttributes.ResourceAccountRole, role);
        return account.Id is { } id ? request.Set(PolicyAttributes.ResourceId, id) : request;
    }

    public static DecisionRequest DescribeAgreement(this DecisionRequest request, AgreementFacts a) =>
        request.Set(PolicyAttributes.AgreementId, a.Id.ToString())
            .Set(PolicyAttributes.AgreementPartyAuthorityIds, a.PartyAuthorityIds.Select(p => p.ToString()))
            // The agreement runs through the last day of ValidTo; validTo in the policy is exclusive.
            .Set(PolicyAttributes.AgreementValidFrom, new DateTimeOffset(a.ValidFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
            .Set(PolicyAttributes.AgreementValidTo, new DateTimeOffset(a.ValidTo.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
            .Set(PolicyAttributes.SubjectAgreementForums, a.Forums);
}
