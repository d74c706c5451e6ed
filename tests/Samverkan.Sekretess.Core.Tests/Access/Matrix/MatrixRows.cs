using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.BreakGlass;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Core.Meetings;
using Samverkan.Sekretess.Core.NeedToKnow;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Retention;
using Samverkan.Sekretess.Core.Statistics;

namespace Samverkan.Sekretess.Core.Tests.Access.Matrix;

/// <summary>How one action is exercised by a persona: a real service call, a would-permit question on a real target, or a job's.</summary>
internal abstract record MatrixRow(string[] Allowed)
{
    /// <summary>A person calls the service method that performs the action; <see cref="Fresh"/> when a permitted call changes what the next one sees.</summary>
    public sealed record Call(string[] Allowed, Func<MatrixWorld, ProcessContext, AsyncServiceScopeHolder, Task> Invoke, bool Fresh = false) : MatrixRow(Allowed);

    /// <summary>An action decided inside another operation (a row of a list): asked through the gateway on a real target.</summary>
    public sealed record Would(string[] Allowed, Func<MatrixWorld, ProcessContext, AccessRequest> Request) : MatrixRow(Allowed);

    /// <summary>Only the system's own jobs do it: every permit for it must name the job role, and no person may.</summary>
    public sealed record JobOnly(string Why) : MatrixRow([]);
}

/// <summary>Lets a row resolve services from the test's scope.</summary>
internal sealed class AsyncServiceScopeHolder(Microsoft.Extensions.DependencyInjection.AsyncServiceScope scope)
{
    public T Get<T>() where T : notnull => Infrastructure.CoreHost.Get<T>(scope);
}

/// <summary>
/// One row per action of policies/schema/vocabulary.yaml, with the personas that may (the demo personas of DemoPersonas;
/// "anonym" never may). <see cref="ActionMatrixTests"/> fails when an action has no row.
/// </summary>
internal static class MatrixRows
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly string[] Providers = ["kommun-idp"];

    // Who takes part in the matrix world's case: social services (lead), the police and the school.
    private static readonly string[] CaseWorkers = ["socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare", "sspf-samordnare"];
    private static readonly string[] Dpo = ["dataskyddsombud"];
    private static readonly string[] Admin = ["systemforvaltare"];

    private static string CategoryOf(string role) => role switch
    {
        Roles.CommunityPolice or Roles.DefectionCoordinator => "P1",
        Roles.SchoolCounsellor or Roles.Principal => "K1",
        Roles.LeisureLeader => "F1",
        _ => "S1",
    };

    public static readonly IReadOnlyDictionary<string, MatrixRow> All = new Dictionary<string, MatrixRow>(StringComparer.Ordinal)
    {
        // The case workspace.
        ["case.read"] = new MatrixRow.Call(CaseWorkers, (w, c, s) => s.Get<CaseReads>().GetCaseAsync(c, w.CaseId, Ct)),
        ["case.create"] = new MatrixRow.Call(["socialsekreterare"], (w, c, s) => s.Get<CaseWrites>().OpenCaseAsync(c,
            new OpenCaseCommand(CaseTypes.Sig, "20110606-9802", "Nyfiktiv Testsson"), Ct)),
        ["case.close"] = new MatrixRow.Call(["socialsekreterare", "sspf-samordnare"], (w, c, s) => s.Get<CaseWrites>().CloseAsync(c, w.CaseId, Ct), Fresh: true),
        ["case.reopen"] = new MatrixRow.Call(["socialsekreterare", "sspf-samordnare"], (w, c, s) => s.Get<CaseWrites>().ReopenAsync(c, w.ClosedCaseId, Ct), Fresh: true),
        ["case.participant.remove"] = new MatrixRow.Call(["socialsekreterare", "sspf-samordnare"], (w, c, s) => s.Get<CaseWrites>().RemoveParticipantAsync(c, w.CaseId, w.Sharing.School, Ct), Fresh: true),
        ["item.read"] = new MatrixRow.Would(["socialsekreterare", "kommunpolis", "avhopparsamordnare"],
            (w, c) => AccessRequest.Read(c, Actions.ItemRead, new AccessTarget.Record(RecordRef.Item(w.Sharing.Case.SocialItemId)))),
        // Whether a party may learn that another party's item exists without reading it (the count of hidden items).
        ["item.exists"] = new MatrixRow.Would(["socialsekreterare", "kommunpolis", "avhopparsamordnare"],
            (w, c) => AccessRequest.Read(c, Actions.ItemExists, new AccessTarget.Record(RecordRef.Item(w.SchoolItemId)))),
        ["item.create"] = new MatrixRow.Call(["socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare"], async (w, c, s) =>
            await s.Get<ItemWrites>().AddItemAsync(c, w.CaseId, new AddItemCommand(CategoryOf(await RoleOfAsync(w, c)), "Ny", "Ny text"), Ct)),
        ["item.update"] = new MatrixRow.Call(["socialsekreterare"], (w, c, s) => s.Get<ItemWrites>().UpdateItemAsync(c, w.Sharing.Case.SocialItemId,
            new UpdateItemCommand("Ändrad", "Ändrad text", null, w.Sharing.Case.SocialItemStamp), Ct), Fresh: true),
        ["item.disclose"] = new MatrixRow.Call(["socialsekreterare"], (w, c, s) => s.Get<DisclosureWrites>().DiscloseAsync(c, ResourceTypes.Item, w.Sharing.Case.SocialItemId,
            new DiscloseCommand(w.Sharing.Police, "CONSENT", [w.ConsentId], new Dictionary<string, string>(), "Bedömning.", DisclosureInitiatives.OwnInitiative,
                DisclosureChannels.System, false, null, Guid.NewGuid()), Ct)),
        ["disclosure.approve"] = new MatrixRow.Call([], (w, c, s) => s.Get<DisclosureWrites>().ApproveAsync(c, w.PendingDisclosureId, Ct), Fresh: true),
        ["actionplan.read"] = new MatrixRow.Would(["socialsekreterare", "sspf-samordnare"],
            (w, c) => AccessRequest.Read(c, Actions.ActionplanRead, new AccessTarget.Record(RecordRef.ActionPlanEntry(w.Sharing.Case.SocialPlanEntryId)))),
        ["actionplan.create"] = new MatrixRow.Call(["socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare", "sspf-samordnare"],
            (w, c, s) => s.Get<ActionPlanWrites>().AddEntryAsync(c, w.CaseId, new AddActionPlanEntryCommand("Nytt", "Någon", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3)), Ct)),
        ["actionplan.update"] = new MatrixRow.Call(["socialsekreterare", "sspf-samordnare"], (w, c, s) => s.Get<ActionPlanWrites>().UpdateStatusAsync(c,
            w.Sharing.Case.SocialPlanEntryId, new UpdateActionPlanStatusCommand(ActionPlanStatuses.Done, w.Sharing.Case.SocialPlanStamp), Ct), Fresh: true),
        ["breakglass.start"] = new MatrixRow.Call(["socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare"],
            (w, c, s) => s.Get<BreakGlassService>().StartAsync(c, w.CaseId, "Akut fara för den unge.", true, Ct)),
        ["breakglass.stop"] = new MatrixRow.Call(["kommunpolis"], (w, c, s) => s.Get<BreakGlassService>().StopAsync(c, w.CaseId, Ct), Fresh: true),
        ["breakglass.review"] = new MatrixRow.Call([], (w, c, s) => s.Get<BreakGlassService>().ReviewAsync(c, w.BreakGlassSessionId, "Granskad.", Ct)),

        // Consent, guardians, requests.
        ["consent.read"] = new MatrixRow.Call(CaseWorkers, (w, c, s) => s.Get<ConsentReads>().GetAsync(c, w.ConsentId, Ct)),
        ["consent.record"] = new MatrixRow.Call(CaseWorkers, (w, c, s) => s.Get<ConsentWrites>().RecordAsync(c, w.CaseId, w.Sharing.FullConsent(), Ct)),
        ["consent.withdraw"] = new MatrixRow.Call(CaseWorkers, (w, c, s) => s.Get<ConsentWrites>().WithdrawAsync(c, w.ConsentId, new WithdrawConsentCommand("Återkallat."), Ct), Fresh: true),
        ["guardian.create"] = new MatrixRow.Call(CaseWorkers, (w, c, s) => s.Get<ConsentWrites>().AddGuardianAsync(c, w.CaseId, new AddGuardianCommand("Tredje Testsson"), Ct)),
        ["request.create"] = new MatrixRow.Call(["skolkurator", "rektor", "kommunpolis", "avhopparsamordnare"],
            (w, c, s) => s.Get<InformationRequests>().CreateAsync(c, w.CaseId, w.Sharing.Social, "Behöver veta mer.", null, Ct)),
        ["request.decide"] = new MatrixRow.Call(["socialsekreterare"], (w, c, s) => s.Get<InformationRequests>().DeclineAsync(c, w.RequestId, "Sekretess.", Ct), Fresh: true),
        ["notification.read"] = new MatrixRow.Call(["socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare", "fritidsledare", "sspf-samordnare", "dataskyddsombud"], (w, c, s) => s.Get<NotificationReads>().ListMineAsync(c, Ct)),

        // Meetings.
        ["meeting.read"] = new MatrixRow.Call(CaseWorkers, (w, c, s) => s.Get<MeetingReads>().GetAsync(c, w.MeetingId, Ct)),
        ["meeting.create"] = new MatrixRow.Call(["socialsekreterare", "kommunpolis", "avhopparsamordnare", "sspf-samordnare"], (w, c, s) => s.Get<MeetingWrites>().CreateAsync(c, w.CaseId,
            new CreateMeetingCommand(DateTime.UtcNow.AddDays(1), [w.Sharing.Social, w.Sharing.Police], [c.UserId!]), Ct)),
        ["meeting.agenda"] = new MatrixRow.Call(["socialsekreterare", "kommunpolis", "avhopparsamordnare", "sspf-samordnare"], (w, c, s) => s.Get<MeetingReads>().GetItemAsync(c, w.MeetingId, Ct)),
        ["meeting.record"] = new MatrixRow.Call(["socialsekreterare", "kommunpolis", "avhopparsamordnare"], async (w, c, s) =>
            await s.Get<MeetingWrites>().RecordMinutesAsync(c, w.MeetingId, new RecordMinutesCommand(CategoryOf(await RoleOfAsync(w, c)), "Protokoll."), Ct)),

        // The DPO's workspace (own authority's log, no content).
        ["audit.read"] = new MatrixRow.Call(Dpo, (w, c, s) => s.Get<AuditReads>().ListAsync(c, 10, Ct)),
        ["audit.search"] = new MatrixRow.Call(["dataskyddsombud", "enhetschef"], (w, c, s) => s.Get<AuditSearch>().SearchAsync(c, new AuditQuery(), Ct)),
        ["audit.export"] = new MatrixRow.Call(["dataskyddsombud", "enhetschef"], (w, c, s) => s.Get<AuditSearch>().BeginExportAsync(c, new AuditQuery(), Ct)),
        ["audit.review"] = new MatrixRow.Call(["dataskyddsombud", "enhetschef"], (w, c, s) => s.Get<LogReviews>().GetRoundAsync(c, w.RoundId, Ct)),
        ["audit.report"] = new MatrixRow.Call(Dpo, (w, c, s) => s.Get<AccessReports>().GetForScreeningAsync(c, w.ReportId, Ct)),
        ["audit.verify"] = new MatrixRow.Call(Dpo, (w, c, s) => s.Get<AuditReads>().VerifyChainAsync(c, Ct)),
        ["access.residual"] = new MatrixRow.Call(Dpo, (w, c, s) => s.Get<ResidualAccess>().ReportAsync(c, Ct)),
        ["jobs.view"] = new MatrixRow.Call(["dataskyddsombud", "systemforvaltare"], (w, c, s) => s.Get<JobDashboardAccess>().DecideAsync(c, "/", true, Ct)),
        ["jobs.manage"] = new MatrixRow.Would(Admin, (w, c) => AccessRequest.Read(c, Actions.JobsManage, new AccessTarget.OwnAuthority(ResourceTypes.JobDashboard, "/"))),

        // Retention.
        ["retention.read"] = new MatrixRow.Call(["arkivarie"], (w, c, s) => s.Get<RetentionReview>().GetRunAsync(c, w.RunId, Ct)),
        ["retention.decide"] = new MatrixRow.Call(["arkivarie"], (w, c, s) => s.Get<RetentionReview>().DecideAsync(c, w.RunId, false, "Avslås.", Ct), Fresh: true),
        ["retention.hold.read"] = new MatrixRow.Call(["arkivarie", "dataskyddsombud"], (w, c, s) => s.Get<LegalHolds>().ListAsync(c, Ct)),
        ["retention.hold.place"] = new MatrixRow.Call(["arkivarie", "dataskyddsombud"], (w, c, s) => s.Get<LegalHolds>().PlaceAsync(c,
            new PlaceHoldCommand(w.CaseReference, null, LegalHoldKinds.Imy, "IMY 2-2026", "Tillsyn."), Ct)),
        ["retention.hold.lift"] = new MatrixRow.Call(["arkivarie", "dataskyddsombud"], (w, c, s) => s.Get<LegalHolds>().LiftAsync(c, w.HoldId, Ct), Fresh: true),

        // The collaboration agreement (forums and parties decide; no case content).
        ["agreement.read"] = new MatrixRow.Call(["kommunpolis", "sspf-samordnare", "fritidsledare", "socialsekreterare", "rektor"],
            (w, c, s) => s.Get<AgreementReads>().GetOverviewAsync(c, w.AgreementId, Ct)),
        ["agreement.document.create"] = new MatrixRow.Call(["sspf-samordnare", "rektor", "kommunpolis"], (w, c, s) => s.Get<AgreementWrites>().AddDocumentAsync(c, w.AgreementId,
            new AddDocumentCommand(DocumentKinds.Agreement, "Bilaga", "Fiktiv text.", null, null), Ct)),
        ["lagesbild.create"] = new MatrixRow.Call(["socialsekreterare", "skolkurator", "rektor", "kommunpolis", "avhopparsamordnare", "fritidsledare", "sspf-samordnare"], (w, c, s) => s.Get<LagesbildWrites>().FileReportAsync(c, w.AgreementId,
            new FileReportCommand("ordningsstorning", "ahus", DateOnly.FromDateTime(DateTime.UtcNow), null, "polis", "Störning vid entrén."), Ct)),
        ["lagesbild.read"] = new MatrixRow.Call(["kommunpolis", "sspf-samordnare", "fritidsledare", "socialsekreterare", "rektor"],
            (w, c, s) => s.Get<LagesbildReads>().GetWeekAsync(c, w.AgreementId, 2026, 10, Ct)),
        ["lagesbild.measure.create"] = new MatrixRow.Call(["kommunpolis", "socialsekreterare", "fritidsledare", "sspf-samordnare"], (w, c, s) => s.Get<LagesbildWrites>().RecordMeasureAsync(c, w.AgreementId,
            new RecordMeasureCommand(2026, 10, "ahus", "Riktad närvaro.", w.Sharing.Police), Ct)),
        ["agreementplan.read"] = new MatrixRow.Call(["kommunpolis", "sspf-samordnare", "fritidsledare", "socialsekreterare", "rektor"],
            (w, c, s) => s.Get<AgreementPlan>().GetAsync(c, w.AgreementId, Ct)),
        ["agreementplan.create"] = new MatrixRow.Call(["sspf-samordnare", "rektor", "kommunpolis"], (w, c, s) => s.Get<AgreementPlan>().AddActivityAsync(c, w.AgreementId,
            new AddActivityCommand(AreaCodes.PublicSpace, "Ny aktivitet", null, w.Sharing.Authority("kof-kristianstad"), new DateOnly(2026, 3, 1), new DateOnly(2026, 10, 31), "Mått", "1"), Ct)),
        ["agreementplan.update"] = new MatrixRow.Call(["sspf-samordnare", "rektor", "kommunpolis"], (w, c, s) => s.Get<AgreementPlan>().UpdateActivityAsync(c, w.ActivityId,
            new UpdateActivityCommand(ActivityStatuses.Ongoing, null, w.ActivityStamp), Ct), Fresh: true),
        ["stats.read"] = new MatrixRow.Call(["kommunpolis", "sspf-samordnare", "fritidsledare", "socialsekreterare", "rektor"],
            (w, c, s) => s.Get<StatisticsReads>().GetFollowUpAsync(c, w.AgreementId, 2026, Ct)),

        // Administration (own authority's accounts; no case content).
        ["admin.overview"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().GetOverviewAsync(c, Ct)),
        ["admin.client.read"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().GetOverviewAsync(c, Ct)), // rows of the overview
        ["admin.user.read"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().GetUserAsync(c, w.AccountId, Ct)),
        ["admin.user.create"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().CreateUserAsync(c,
            new NewUserCommand("ny." + Guid.NewGuid().ToString("N")[..8], "Ny Användare", w.Sharing.Social, Roles.SocialWorker, "Barn och unga"), Ct)),
        ["admin.user.disable"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().SetDisabledAsync(c, w.AccountId, true, Ct), Fresh: true),
        ["admin.user.enable"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().SetDisabledAsync(c, w.AccountId, false, Ct)),
        ["admin.user.reset"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().ResetSignInAsync(c, w.AccountId, Ct), Fresh: true),
        ["admin.federation.read"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().ListFederationMappingsAsync(c, Ct)),
        ["admin.federation.create"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().AddFederationMappingAsync(c,
            new NewFederationMappingCommand("kommun-idp", "groups", "soc-" + Guid.NewGuid().ToString("N")[..6], w.Sharing.Social, Roles.SocialWorker, "Barn och unga"), Providers, Ct)),
        ["admin.federation.remove"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().RemoveFederationMappingAsync(c, w.MappingId, Ct), Fresh: true),
        ["admin.keys.read"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().GetKeyStatusAsync(c, Ct)),
        ["admin.keys.rotate"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().RotateAndReEncryptAsync(c, true, Ct)),
        ["admin.keys.reencrypt"] = new MatrixRow.Call(Admin, (w, c, s) => s.Get<UserAdministration>().RotateAndReEncryptAsync(c, false, Ct)),

        // The system's own jobs.
        ["disclosure.end"] = new MatrixRow.JobOnly("the end-of-need-to-know job ends shares whose basis ended"),
        ["consent.remind"] = new MatrixRow.JobOnly("the consent-expiry job reminds before a consent runs out"),
        ["consent.lapse"] = new MatrixRow.JobOnly("the consent-expiry job records that a consent ran out"),
        ["audit.checkpoint"] = new MatrixRow.JobOnly("the checkpoint job signs the chain's head"),
        ["audit.scan"] = new MatrixRow.JobOnly("the anomaly scan flags entries"),
        ["keyring.check"] = new MatrixRow.JobOnly("the nightly key-ring health check"),
        ["keyring.reencrypt"] = new MatrixRow.JobOnly("the nightly re-encryption under the newest key"),
        ["retention.propose"] = new MatrixRow.JobOnly("the monthly thinning list"),
        ["retention.thin"] = new MatrixRow.JobOnly("nightly thinning of approved lists"),
        ["retention.deliver"] = new MatrixRow.JobOnly("delivery of an archive package"),
        ["person.thin"] = new MatrixRow.JobOnly("removing a person's name and number when nothing about them is left"),
    };

    private static async Task<string> RoleOfAsync(MatrixWorld w, ProcessContext c)
    {
        await using var db = w.Host.NewDbContext();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.Users.Where(u => u.Id == c.UserId).Select(u => u.Role)) ?? "";
    }
}
