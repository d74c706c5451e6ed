using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Meetings;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Core.Identity.Federation;
using Samverkan.Sekretess.Core.Persons;

namespace Samverkan.Sekretess.Core.Data;

/// <summary>
/// The only handle on protected data. <c>internal</c> on purpose: Web cannot reach it, so every
/// protected read and write goes through the access gateway in this assembly (the one door).
/// </summary>
internal sealed class SekretessDbContext(DbContextOptions<SekretessDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Authority> Authorities => Set<Authority>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseParticipant> CaseParticipants => Set<CaseParticipant>();
    public DbSet<InformationItem> InformationItems => Set<InformationItem>();
    public DbSet<ItemSubject> ItemSubjects => Set<ItemSubject>();
    public DbSet<Access.IdempotencyKeyRecord> IdempotencyKeys => Set<Access.IdempotencyKeyRecord>();
    public DbSet<DisclosureConsent> DisclosureConsents => Set<DisclosureConsent>();
    public DbSet<CaseMember> CaseMembers => Set<CaseMember>();
    public DbSet<ActionPlanEntry> ActionPlanEntries => Set<ActionPlanEntry>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<CollaborationAgreement> Agreements => Set<CollaborationAgreement>();
    public DbSet<AgreementParty> AgreementParties => Set<AgreementParty>();
    public DbSet<AgreementPartyAuthority> AgreementPartyAuthorities => Set<AgreementPartyAuthority>();
    public DbSet<Forum> Forums => Set<Forum>();
    public DbSet<ForumMember> ForumMembers => Set<ForumMember>();
    public DbSet<PrioritisedArea> PrioritisedAreas => Set<PrioritisedArea>();
    public DbSet<AgreementDocument> AgreementDocuments => Set<AgreementDocument>();
    public DbSet<AgreementActivity> AgreementActivities => Set<AgreementActivity>();
    public DbSet<SituationReport> SituationReports => Set<SituationReport>();
    public DbSet<LagesbildMeasure> LagesbildMeasures => Set<LagesbildMeasure>();
    public DbSet<Guardian> Guardians => Set<Guardian>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<Disclosure> Disclosures => Set<Disclosure>();
    public DbSet<InformationRequest> InformationRequests => Set<InformationRequest>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<BreakGlass.BreakGlassSession> BreakGlassSessions => Set<BreakGlass.BreakGlassSession>();
    public DbSet<AuditFlag> AuditFlags => Set<AuditFlag>();
    public DbSet<AnomalyScanState> AnomalyScanStates => Set<AnomalyScanState>();
    public DbSet<LinkHash> LinkHashes => Set<LinkHash>();
    public DbSet<ReviewRound> ReviewRounds => Set<ReviewRound>();
    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();
    public DbSet<AccessReportRecord> AccessReports => Set<AccessReportRecord>();
    public DbSet<AccessReportWithholding> AccessReportWithholdings => Set<AccessReportWithholding>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<MeetingAuthority> MeetingAuthorities => Set<MeetingAuthority>();
    public DbSet<MeetingAttendee> MeetingAttendees => Set<MeetingAttendee>();
    public DbSet<MeetingRecord> MeetingRecords => Set<MeetingRecord>();
    public DbSet<FederationMapping> FederationMappings => Set<FederationMapping>();
    public DbSet<Retention.ThinningRun> ThinningRuns => Set<Retention.ThinningRun>();
    public DbSet<Retention.ThinningCandidate> ThinningCandidates => Set<Retention.ThinningCandidate>();
    public DbSet<Retention.ThinningTombstone> ThinningTombstones => Set<Retention.ThinningTombstone>();
    public DbSet<Retention.LegalHold> LegalHolds => Set<Retention.LegalHold>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        // Identity builds its tables from store options found in the application service provider, and EF caches
        // the first model it builds for the whole process. A context built without the app's options would
        // silently get another Identity schema (no passkeys table, other keys) and hand it to every later context.
        // Refusing here, before anything is cached, keeps that from ever happening.
        IdentityStoreSetup.RequireAppStores(this.GetService<IDbContextOptions>());
        base.OnModelCreating(builder);
        // OpenIddict's applications, authorizations, scopes and tokens (the OpenID Connect server's stores).
        builder.UseOpenIddict();
        builder.ApplyConfigurationsFromAssembly(typeof(SekretessDbContext).Assembly);
    }
}
