namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// An action the policies decide on. Only the constants in <see cref="Actions"/> exist (the constructor is private), so a
/// misspelt action is a compile error instead of a silent default deny; a test holds the list equal to
/// policies/schema/vocabulary.yaml in both directions.
/// </summary>
public readonly record struct PolicyAction
{
    internal PolicyAction(string name) => Name = name;

    /// <summary>The action's name in the vocabulary, e.g. <c>item.read</c>.</summary>
    public string Name { get; }

    public override string ToString() => Name;
}

/// <summary>Every action of policies/schema/vocabulary.yaml.</summary>
public static class Actions
{
    public static readonly PolicyAction CaseRead = new("case.read");
    public static readonly PolicyAction CaseCreate = new("case.create");
    public static readonly PolicyAction CaseClose = new("case.close");
    public static readonly PolicyAction CaseReopen = new("case.reopen");
    public static readonly PolicyAction ItemRead = new("item.read");
    public static readonly PolicyAction ItemExists = new("item.exists");
    public static readonly PolicyAction ItemCreate = new("item.create");
    public static readonly PolicyAction ItemUpdate = new("item.update");
    public static readonly PolicyAction ItemDisclose = new("item.disclose");
    public static readonly PolicyAction ActionplanRead = new("actionplan.read");
    public static readonly PolicyAction ActionplanCreate = new("actionplan.create");
    public static readonly PolicyAction ActionplanUpdate = new("actionplan.update");
    public static readonly PolicyAction AuditRead = new("audit.read");
    public static readonly PolicyAction ConsentRead = new("consent.read");
    public static readonly PolicyAction ConsentRecord = new("consent.record");
    public static readonly PolicyAction ConsentWithdraw = new("consent.withdraw");
    public static readonly PolicyAction DisclosureApprove = new("disclosure.approve");
    public static readonly PolicyAction BreakglassStart = new("breakglass.start");
    public static readonly PolicyAction BreakglassStop = new("breakglass.stop");
    public static readonly PolicyAction BreakglassReview = new("breakglass.review");
    public static readonly PolicyAction GuardianCreate = new("guardian.create");
    public static readonly PolicyAction RequestCreate = new("request.create");
    public static readonly PolicyAction RequestDecide = new("request.decide");
    public static readonly PolicyAction NotificationRead = new("notification.read");
    public static readonly PolicyAction AuditSearch = new("audit.search");
    public static readonly PolicyAction AuditExport = new("audit.export");
    public static readonly PolicyAction AuditReview = new("audit.review");
    public static readonly PolicyAction AuditReport = new("audit.report");
    public static readonly PolicyAction AuditVerify = new("audit.verify");
    public static readonly PolicyAction MeetingRead = new("meeting.read");
    public static readonly PolicyAction MeetingCreate = new("meeting.create");
    public static readonly PolicyAction MeetingAgenda = new("meeting.agenda");
    public static readonly PolicyAction MeetingRecord = new("meeting.record");
    public static readonly PolicyAction AgreementRead = new("agreement.read");
    public static readonly PolicyAction AgreementDocumentCreate = new("agreement.document.create");
    public static readonly PolicyAction LagesbildCreate = new("lagesbild.create");
    public static readonly PolicyAction LagesbildRead = new("lagesbild.read");
    public static readonly PolicyAction LagesbildMeasureCreate = new("lagesbild.measure.create");
    public static readonly PolicyAction AgreementplanRead = new("agreementplan.read");
    public static readonly PolicyAction AgreementplanCreate = new("agreementplan.create");
    public static readonly PolicyAction AgreementplanUpdate = new("agreementplan.update");
    public static readonly PolicyAction StatsRead = new("stats.read");
    public static readonly PolicyAction CaseParticipantRemove = new("case.participant.remove");
    public static readonly PolicyAction DisclosureEnd = new("disclosure.end");
    public static readonly PolicyAction ConsentRemind = new("consent.remind");
    public static readonly PolicyAction ConsentLapse = new("consent.lapse");
    public static readonly PolicyAction AuditCheckpoint = new("audit.checkpoint");
    public static readonly PolicyAction AuditScan = new("audit.scan");
    public static readonly PolicyAction KeyringCheck = new("keyring.check");
    public static readonly PolicyAction KeyringReencrypt = new("keyring.reencrypt");
    public static readonly PolicyAction AccessResidual = new("access.residual");
    public static readonly PolicyAction JobsView = new("jobs.view");
    public static readonly PolicyAction JobsManage = new("jobs.manage");
    public static readonly PolicyAction RetentionPropose = new("retention.propose");
    public static readonly PolicyAction RetentionThin = new("retention.thin");
    public static readonly PolicyAction RetentionDeliver = new("retention.deliver");
    public static readonly PolicyAction PersonThin = new("person.thin");
    public static readonly PolicyAction RetentionRead = new("retention.read");
    public static readonly PolicyAction RetentionDecide = new("retention.decide");
    public static readonly PolicyAction RetentionHoldRead = new("retention.hold.read");
    public static readonly PolicyAction RetentionHoldPlace = new("retention.hold.place");
    public static readonly PolicyAction RetentionHoldLift = new("retention.hold.lift");
    public static readonly PolicyAction AdminOverview = new("admin.overview");
    public static readonly PolicyAction AdminUserRead = new("admin.user.read");
    public static readonly PolicyAction AdminUserCreate = new("admin.user.create");
    public static readonly PolicyAction AdminUserDisable = new("admin.user.disable");
    public static readonly PolicyAction AdminUserEnable = new("admin.user.enable");
    public static readonly PolicyAction AdminUserReset = new("admin.user.reset");
    public static readonly PolicyAction AdminClientRead = new("admin.client.read");
    public static readonly PolicyAction AdminFederationRead = new("admin.federation.read");
    public static readonly PolicyAction AdminFederationCreate = new("admin.federation.create");
    public static readonly PolicyAction AdminFederationRemove = new("admin.federation.remove");
    public static readonly PolicyAction AdminKeysRead = new("admin.keys.read");
    public static readonly PolicyAction AdminKeysRotate = new("admin.keys.rotate");
    public static readonly PolicyAction AdminKeysReencrypt = new("admin.keys.reencrypt");
    /// <summary>Every action above, for the vocabulary test and the persona × action matrix.</summary>
    public static IReadOnlyList<PolicyAction> All { get; } = typeof(Actions).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(PolicyAction)).Select(f => (PolicyAction)f.GetValue(null)!).ToList();
}

/// <summary>Every value of <c>resource.type</c> in the vocabulary.</summary>
public static class ResourceTypes
{
    public const string Case = "case";
    public const string Item = "item";
    public const string ActionPlan = "action_plan";
    public const string AuditLog = "audit_log";
    public const string Consent = "consent";
    public const string Guardian = "guardian";
    public const string InformationRequest = "information_request";
    public const string Notification = "notification";
    public const string BreakGlass = "break_glass";
    public const string Meeting = "meeting";
    public const string Agreement = "agreement";
    public const string AgreementDocument = "agreement_document";
    public const string LagesbildReport = "lagesbild_report";
    public const string LagesbildMeasure = "lagesbild_measure";
    public const string AgreementActivity = "agreement_activity";
    public const string Statistics = "statistics";
    public const string Disclosure = "disclosure";
    public const string KeyRing = "key_ring";
    public const string AccessReport = "access_report";
    public const string JobDashboard = "job_dashboard";
    public const string ThinningRun = "thinning_run";
    public const string LegalHold = "legal_hold";
    public const string Person = "person";
    public const string UserAccount = "user_account";
    public const string ApiClient = "api_client";
    public const string FederationMapping = "federation_mapping";}
