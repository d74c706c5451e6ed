namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// Every attribute name of policies/schema/vocabulary.yaml (besides <c>action</c>, which <see cref="PolicyAction"/> types).
/// A request that sets a name outside the vocabulary throws; these constants make the name a compile-time fact, and a test
/// holds them equal to the vocabulary in both directions.
/// </summary>
internal static class PolicyAttributes
{
    public const string SubjectUserId = "subject.userId";
    public const string SubjectAuthorityId = "subject.authorityId";
    public const string SubjectAuthorityKind = "subject.authorityKind";
    public const string SubjectRole = "subject.role";
    public const string SubjectUnit = "subject.unit";
    public const string SubjectMfa = "subject.mfa";
    public const string ResourceType = "resource.type";
    public const string ResourceId = "resource.id";
    public const string ResourceOwnerAuthorityId = "resource.ownerAuthorityId";
    public const string ResourceCategory = "resource.category";
    public const string ResourceUnit = "resource.unit";
    public const string ResourceOwnerAuthorityKind = "resource.ownerAuthorityKind";
    public const string ResourceSecrecyProvision = "resource.secrecyProvision";
    public const string ResourceProtectsPublicInterest = "resource.protectsPublicInterest";
    public const string ResourceDataSubjectIds = "resource.dataSubjectIds";
    public const string ResourceProtectedIdentity = "resource.protectedIdentity";
    public const string ResourceDisclosedToAuthorityIds = "resource.disclosedToAuthorityIds";
    public const string ResourceContactDisclosedToAuthorityIds = "resource.contactDisclosedToAuthorityIds";
    public const string DataSubjectAge = "dataSubject.age";
    public const string DataSubjectCustodianCount = "dataSubject.custodianCount";
    public const string CaseId = "case.id";
    public const string CaseType = "case.type";
    public const string CaseStatus = "case.status";
    public const string CaseLeadAuthorityId = "case.leadAuthorityId";
    public const string CaseParticipatingAuthorityIds = "case.participatingAuthorityIds";
    public const string ConsentSubjectIds = "consent.subjectIds";
    public const string ConsentSenderAuthorityIds = "consent.senderAuthorityIds";
    public const string ConsentRecipientAuthorityIds = "consent.recipientAuthorityIds";
    public const string ConsentCategories = "consent.categories";
    public const string ConsentPurpose = "consent.purpose";
    public const string ConsentValidFrom = "consent.validFrom";
    public const string ConsentValidTo = "consent.validTo";
    public const string ConsentWithdrawn = "consent.withdrawn";
    public const string ConsentGivenBySubject = "consent.givenBySubject";
    public const string ConsentGuardianConsentCount = "consent.guardianConsentCount";
    public const string ConsentCustodyExceptionDocumented = "consent.custodyExceptionDocumented";
    public const string DisclosureGround = "disclosure.ground";
    public const string DisclosureRecipientAuthorityId = "disclosure.recipientAuthorityId";
    public const string DisclosureRecipientKind = "disclosure.recipientKind";
    public const string DisclosureInitiative = "disclosure.initiative";
    public const string DisclosureAssessmentProvided = "disclosure.assessmentProvided";
    public const string DisclosureSecondApproverRecorded = "disclosure.secondApproverRecorded";
    public const string DisclosureDecidedByUserId = "disclosure.decidedByUserId";
    public const string DisclosureIncludesContactDetails = "disclosure.includesContactDetails";
    public const string DisclosureRiskOfCriminalActivity = "disclosure.riskOfCriminalActivity";
    public const string DisclosurePreventiveEffect = "disclosure.preventiveEffect";
    public const string DisclosureNotInappropriateConsidered = "disclosure.notInappropriateConsidered";
    public const string DisclosureConcernsCommittedCrime = "disclosure.concernsCommittedCrime";
    public const string DisclosureTerrorRelated = "disclosure.terrorRelated";
    public const string DisclosureVictimIsCloseRelative = "disclosure.victimIsCloseRelative";
    public const string DisclosureCrimeType = "disclosure.crimeType";
    public const string DisclosureVictimAge = "disclosure.victimAge";
    public const string DisclosureCrimeChapter = "disclosure.crimeChapter";
    public const string DisclosureMinimumPenaltyMonths = "disclosure.minimumPenaltyMonths";
    public const string DisclosureAttemptOrPreparation = "disclosure.attemptOrPreparation";
    public const string DisclosureExpectedMoreThanFine = "disclosure.expectedMoreThanFine";
    public const string DisclosureObviousPrevalence = "disclosure.obviousPrevalence";
    public const string DisclosureConcernForChild = "disclosure.concernForChild";
    public const string DisclosureSuspectedOfCrime = "disclosure.suspectedOfCrime";
    public const string DisclosureCareNeedSituation = "disclosure.careNeedSituation";
    public const string DisclosureNecessaryForCare = "disclosure.necessaryForCare";
    public const string MeetingPresentAuthorityIds = "meeting.presentAuthorityIds";
    public const string ContextAcuteDanger = "context.acuteDanger";
    public const string BreakGlassActive = "breakGlass.active";
    public const string BreakGlassReasonProvided = "breakGlass.reasonProvided";
    public const string BreakGlassUserId = "breakGlass.userId";
    public const string BreakGlassExpiresAt = "breakGlass.expiresAt";
    public const string AgreementId = "agreement.id";
    public const string AgreementPartyAuthorityIds = "agreement.partyAuthorityIds";
    public const string AgreementValidFrom = "agreement.validFrom";
    public const string AgreementValidTo = "agreement.validTo";
    public const string SubjectAgreementForums = "subject.agreementForums";
    public const string RetentionRunStatus = "retention.runStatus";
    public const string RetentionDisposition = "retention.disposition";
    public const string RetentionOnHold = "retention.onHold";
    public const string RetentionPersonHasRecords = "retention.personHasRecords";
    public const string ContextNow = "context.now";
    public const string ContextPurpose = "context.purpose";
    public const string ResourceAccountRole = "resource.accountRole";}
