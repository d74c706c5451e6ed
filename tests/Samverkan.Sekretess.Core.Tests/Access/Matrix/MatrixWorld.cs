using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.BreakGlass;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Core.Meetings;
using Samverkan.Sekretess.Core.Retention;
using Samverkan.Sekretess.Core.Tests.Agreement;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Access.Matrix;

/// <summary>
/// One of everything an action can be about, made through the real services as the personas who may: a SIG case (social
/// services lead, police and school taking part) with items and plan entries, a consent and a disclosure to the police, a
/// disclosure waiting for its second approver, a request, a meeting, a break-the-glass session, the demo agreement with a
/// document and an activity, a log review round, an access report, a gallringsstopp and a thinning list.
/// </summary>
internal sealed class MatrixWorld
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    public required CoreHost Host { get; init; }
    public required SharingWorld Sharing { get; init; }
    public Guid CaseId => Sharing.Case.CaseId;
    public required Guid ConsentId { get; init; }
    public required Guid DisclosureId { get; init; }
    public required Guid PendingDisclosureId { get; init; }
    public required Guid RequestId { get; init; }
    public required Guid MeetingId { get; init; }
    public required Guid BreakGlassSessionId { get; init; }
    public required Guid AgreementId { get; init; }
    public required Guid DocumentId { get; init; }
    public required Guid ActivityId { get; init; }
    public required Guid ActivityStamp { get; init; }
    public required Guid RoundId { get; init; }
    public required Guid ReportId { get; init; }
    public required Guid HoldId { get; init; }
    public required Guid RunId { get; init; }
    public required Guid MappingId { get; init; }

    /// <summary>The school's attendance note (K1: weakly protected, so that it exists may be shown to the others).</summary>
    public required Guid SchoolItemId { get; init; }

    /// <summary>A second case of the same parties, closed (for reopening).</summary>
    public required Guid ClosedCaseId { get; init; }
    public required string CaseReference { get; init; }
    /// <summary>An account of Socialnämnden made for this world, which the administration rows disable and reset (never a demo persona).</summary>
    public required string AccountId { get; init; }

    public Task<ProcessContext> As(string persona) => Sharing.As(persona);

    public T Get<T>(AsyncServiceScope scope) where T : notnull => CoreHost.Get<T>(scope);

    public static async Task<MatrixWorld> CreateAsync(CoreHost host)
    {
        await host.ResetAsync();
        var w = await SharingWorld.CreateAsync(host, "utb-kristianstad");
        var agreement = await AgreementWorld.SeedAsync(host);
        await using var scope = host.Services.CreateAsyncScope();
        var social = await w.As("socialsekreterare");
        // Social services and the police may share with each other and the school (the meeting's agenda needs every present party covered).
        var consent = await w.RecordConsentAsync(w.FullConsent(recipients: [w.Police, w.Social, w.School], senders: [w.Social, w.Police]));
        var disclosure = await w.DiscloseAsync("socialsekreterare", ResourceTypes.Item, w.Case.SocialItemId, w.Police, "CONSENT", consent);
        // Protected contact details wait for a second official: a disclosure to approve.
        var protectedItem = await CoreHost.Get<Core.Cases.ItemWrites>(scope).AddItemAsync(social, w.Case.CaseId,
            new Core.Cases.AddItemCommand("X", "Boende", "Fiktiv text", "Skyddad adress 1"), Ct);
        var pending = await w.DiscloseAsync("socialsekreterare", ResourceTypes.Item, protectedItem, w.Police, "CONSENT", await w.RecordConsentAsync(w.FullConsent(categories: ["S1", "X", "AP"])),
            includeContact: true);
        var request = await CoreHost.Get<InformationRequests>(scope).CreateAsync(await w.As("kommunpolis"), w.Case.CaseId, w.Social, "Pågår en insats?", null, Ct);
        string socialId, policeId;
        await using (var db = host.NewDbContext())
        {
            socialId = await db.Users.Where(u => u.UserName == "socialsekreterare").Select(u => u.Id).SingleAsync();
            policeId = await db.Users.Where(u => u.UserName == "kommunpolis").Select(u => u.Id).SingleAsync();
        }

        var meeting = await CoreHost.Get<MeetingWrites>(scope).CreateAsync(social, w.Case.CaseId,
            new CreateMeetingCommand(DateTime.UtcNow.AddHours(1), [w.Social, w.Police], [socialId, policeId]), Ct);
        var glass = await CoreHost.Get<BreakGlassService>(scope).StartAsync(await w.As("kommunpolis"), w.Case.CaseId, "Akut fara: hot mot den unge i kväll.", true, Ct);
        var document = await CoreHost.Get<AgreementWrites>(scope).AddDocumentAsync(await w.As("sspf-samordnare"), agreement,
            new AddDocumentCommand(DocumentKinds.Agreement, "Överenskommelse", "Fiktiv text.", null, null), Ct);
        var activity = await CoreHost.Get<AgreementPlan>(scope).AddActivityAsync(await w.As("sspf-samordnare"), agreement,
            new AddActivityCommand(AreaCodes.PublicSpace, "Belysning", null, w.Authority("kof-kristianstad"), new DateOnly(2026, 3, 1), new DateOnly(2026, 10, 31), "Ljuspunkter", "40"), Ct);
        var stamp = (await CoreHost.Get<AgreementPlan>(scope).GetAsync(await w.As("sspf-samordnare"), agreement, Ct)).Activities.Single(a => a.Id == activity).ConcurrencyStamp;
        var dpo = await w.As("dataskyddsombud");
        var manager = (await host.AsAsync("enhetschef")).UserId!;
        var round = await CoreHost.Get<LogReviews>(scope).CreateRoundAsync(dpo, DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), "Barn och unga", manager, Ct);
        var report = await CoreHost.Get<AccessReports>(scope).CreateDraftAsync(dpo, "20100505-9801", Ct);
        string reference;
        await using (var db = host.NewDbContext()) reference = await db.Cases.Where(c => c.Id == w.Case.CaseId).Select(c => c.Reference).SingleAsync();
        var hold = await CoreHost.Get<LegalHolds>(scope).PlaceAsync(await w.As("arkivarie"), new PlaceHoldCommand(reference, null, LegalHoldKinds.Jo, "JO 1-2026", "Klagomål."), Ct);
        var account = new Core.Identity.ApplicationUser
        {
            UserName = "matris." + Guid.NewGuid().ToString("N")[..8], DisplayName = "Matris Testkonto", AuthorityId = w.Social, Role = Core.Identity.Roles.SocialWorker,
            Unit = "Barn och unga", AttributeSource = "test", AttributesVerifiedAt = DateTime.UtcNow,
        };
        var created = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Identity.ApplicationUser>>().CreateAsync(account);
        if (!created.Succeeded) throw new InvalidOperationException("The matrix account could not be made.");
        var admin = CoreHost.Get<Administration.UserAdministration>(scope);
        var claim = "matris-" + Guid.NewGuid().ToString("N")[..6];
        await admin.AddFederationMappingAsync(await w.As("systemforvaltare"),
            new Administration.NewFederationMappingCommand("kommun-idp", "groups", claim, w.Social, Core.Identity.Roles.SocialWorker, "Barn och unga"), ["kommun-idp"], Ct);
        var mapping = (await admin.ListFederationMappingsAsync(await w.As("systemforvaltare"), Ct)).Single(m => m.ClaimValue == claim).Id;
        var schoolItem = await CoreHost.Get<Core.Cases.ItemWrites>(scope).AddItemAsync(await w.As("skolkurator"), w.Case.CaseId,
            new Core.Cases.AddItemCommand("K1", "Frånvaro", "Fiktiv text"), Ct);
        var closed = await CoreHost.Get<Core.Cases.CaseWrites>(scope).OpenCaseAsync(social,
            new Core.Cases.OpenCaseCommand(Core.Cases.CaseTypes.Sig, "20100505-9801", "Testa Testsson", [w.Police, w.School]), Ct);
        await CoreHost.Get<Core.Cases.CaseWrites>(scope).CloseAsync(social, closed, Ct);
        var run = Guid.NewGuid();
        await using (var db = host.NewDbContext())
        {
            // A thinning list as the monthly job proposes it (an empty one: nothing in a new case is old enough to thin).
            db.ThinningRuns.Add(new ThinningRun { Id = run, AuthorityId = w.Social, Period = "2026-11", DecisionReference = "Gallringsbeslut 1/2026", PlanVersion = "test", ProposedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        return new MatrixWorld
        {
            Host = host, Sharing = w, ConsentId = consent, DisclosureId = disclosure, PendingDisclosureId = pending, RequestId = request, MeetingId = meeting,
            BreakGlassSessionId = glass, AgreementId = agreement, DocumentId = document, ActivityId = activity, ActivityStamp = stamp,
            RoundId = round.Id ?? throw new InvalidOperationException("no round"), ReportId = report.Id ?? throw new InvalidOperationException("no report"),
            HoldId = hold.Id ?? throw new InvalidOperationException("no hold"), RunId = run, CaseReference = reference, AccountId = account.Id, MappingId = mapping, ClosedCaseId = closed, SchoolItemId = schoolItem,
        };
    }
}
