using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Data;
using Samverkan.Sekretess.Core.Hosting;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.Meetings;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Core.Identity.Clients;
using Samverkan.Sekretess.Core.Protection;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Core.Statistics;

namespace Samverkan.Sekretess.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the data layer, Identity stores, Data Protection key ring, the policy set and the
    /// gateway-backed feature services. The only public way into protected data is through these services.
    /// </summary>
    public static IServiceCollection AddSekretessCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddOptions<KeyOptions>().Bind(configuration.GetSection(KeyOptions.Section));
        services.AddOptions<PolicyOptions>().Bind(configuration.GetSection(PolicyOptions.Section));
        services.AddOptions<DatabaseGrantOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddOptions<AuditCheckpointOptions>().Bind(configuration.GetSection(AuditCheckpointOptions.Section));
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section));
        services.AddOptions<Retention.RetentionOptions>().Bind(configuration.GetSection(Retention.RetentionOptions.Section));
        var jobs = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

        services.AddSekretessDbContext(database.Provider, database.ConnectionString);
        services.TryAddTimeProvider();
        AddKeyRing(services, configuration);

        services.AddIdentityCore<ApplicationUser>(o =>
            {
                // Store options: AddSekretessDbContext (they shape the EF model).
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.User.RequireUniqueEmail = false;
                // The second factor: TOTP with replay protection (ReplayProtectedAuthenticatorTokenProvider).
                o.Tokens.AuthenticatorTokenProvider = ReplayProtectedAuthenticatorTokenProvider.ProviderName;
            })
            .AddSignInManager<SamverkanSignInManager>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ReplayProtectedAuthenticatorTokenProvider>(ReplayProtectedAuthenticatorTokenProvider.ProviderName)
            .AddPasswordValidator<BreachedPasswordValidator>()
            .AddErrorDescriber<SwedishIdentityErrorDescriber>()
            .AddEntityFrameworkStores<SekretessDbContext>();
        // PBKDF2-HMAC-SHA512 at ASVS 5.0 Appendix C's minimum (Identity's default is 100,000). A hash made with fewer
        // iterations still verifies and is rehashed at this count on the next successful sign-in (SuccessRehashNeeded).
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordHashing.Iterations);
        // The same EF store, with TOTP keys and recovery codes encrypted at rest (Protection/SecretProtectingUserStore).
        services.AddScoped<IUserStore<ApplicationUser>>(sp => new SecretProtectingUserStore(sp.GetRequiredService<SekretessDbContext>(),
            sp.GetRequiredService<IdentityErrorDescriber>(), sp.GetRequiredService<IDataProtectionProvider>()));

        // The OpenID Connect server's stores live in the same database (Web adds the server and validation).
        services.AddOpenIddict().AddCore(o => o.UseEntityFrameworkCore().UseDbContext<SekretessDbContext>());
        services.AddScopedService<ApiClientRegistration>();
        services.AddScopedService<TokenPruning>();

        services.AddSingleton<PasswordDecoy>();
        services.AddOptions<TotpOptions>().Bind(configuration.GetSection(TotpOptions.Section));
        services.AddSingleton<PolicyProvider>();
        services.AddSingleton<PolicyReloadService>();
        services.AddHostedService(sp => sp.GetRequiredService<PolicyReloadService>());
        services.AddSingleton<AuditHasher>();
        services.TryAddSingleton<IAuditClient, SystemAuditClient>(); // the web host registers the HTTP one
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton<AuditCheckpoints>();
        // The checkpoint service always validates the signing key and folder at startup (fail closed) and signs the head at
        // shutdown. With Hangfire the periodic signing is the audited recurring job "kontrollpunkt" (Web/Jobs); only without
        // it (Jobs:Storage=None) does this timer sign.
        services.AddSingleton<AuditTailCheck>();
        if ((configuration.GetSection(AuditCheckpointOptions.Section).Get<AuditCheckpointOptions>() ?? new AuditCheckpointOptions()).CheckpointsEnabled)
            services.AddHostedService(sp => new AuditCheckpointService(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<AuditCheckpoints>(),
                sp.GetRequiredService<IOptions<AuditCheckpointOptions>>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<AuditCheckpointService>>(), sign: !jobs.Enabled));
        services.AddSingleton<FieldProtector>();
        services.AddSingleton<PersonalNumberIndexer>();
        services.AddScopedService<FieldReEncryption>();
        services.AddScoped<AttributeResolver>();
        services.AddScoped<AccessGateway>();
        services.AddScopedService<CaseReads>();
        services.AddScopedService<CaseWrites>();
        services.AddScoped<Notifier>();
        AddBackgroundWork(services);
        services.AddOptions<BreakGlass.BreakGlassOptions>().Bind(configuration.GetSection(BreakGlass.BreakGlassOptions.Section));
        services.AddScopedService<BreakGlass.BreakGlassService>();
        services.AddScopedService<ConsentReads>();
        services.AddScopedService<ConsentWrites>();
        services.AddScopedService<DisclosurePlanner>();
        services.AddScopedService<DisclosureWrites>();
        services.AddScopedService<DisclosureReads>();
        services.AddScopedService<InformationRequests>();
        services.AddOptions<NotificationEmailOptions>().Bind(configuration.GetSection(NotificationEmailOptions.Section))
            .Validate(o => o.Problem() is null, "Notifications:Email is enabled but incomplete: Host, From and BaseUrl are required.").ValidateOnStart();
        services.AddScopedService<NotificationMailer>();
        services.AddScopedService<NotificationReads>();
        services.AddScopedService<ItemWrites>();
        services.AddScopedService<ActionPlanWrites>();
        services.AddScopedService<DirectoryReads>();
        services.AddScopedService<MeetingReads>();
        services.AddScopedService<MeetingWrites>();
        services.AddScopedService<AuditReads>();
        AddLogReview(services, configuration, jobs.Enabled);
        services.AddScopedService<SecurityEvents>();
        services.AddScopedService<SignInCodes>();
        services.AddScopedService<AuthenticatorReplacement>();
        services.AddScopedService<UserAdministration>();
        services.AddScopedService<Identity.Federation.FederatedSignIn>();
        services.AddAgreement();
        services.AddScoped(sp => new DatabaseInitializer(sp.GetRequiredService<SekretessDbContext>(), sp.GetRequiredService<UserManager<ApplicationUser>>(),
            sp.GetRequiredService<FieldProtector>(), sp.GetRequiredService<PersonalNumberIndexer>(), sp.GetRequiredService<AuditLog>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<DatabaseGrantOptions>>().Value,
            sp.GetService<Microsoft.Extensions.Hosting.IHostEnvironment>()));
        return services;
    }

    /// <summary>
    /// What the background jobs call (Web/Jobs schedules them with Hangfire): each acts as an authority's system account
    /// through the gateway, so every job action is decided by the policies and audited like a person's.
    /// </summary>
    private static void AddBackgroundWork(IServiceCollection services)
    {
        services.AddScopedService<SystemActors>();
        services.AddScopedService<NeedToKnow.EndOfNeedToKnow>();
        services.AddScopedService<ConsentExpiry>();
        services.AddScopedService<NeedToKnow.ResidualAccess>();
        services.AddScopedService<KeyMaintenance>();
        services.AddScopedService<JobDashboardAccess>();
        AddRetention(services);
        services.AddScopedService<NightlyChecks>();
    }

    /// <summary>
    /// Data Protection with its key ring in the database, encrypted with the configured certificate (DataProtection:Certificate;
    /// earlier ones in PreviousCertificates still decrypt). A configured certificate that cannot be used stops the app here.
    /// </summary>
    private static void AddKeyRing(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(KeyRingProtectionOptions.Section).Get<KeyRingProtectionOptions>() ?? new KeyRingProtectionOptions();
        var certificates = KeyRingCertificates.Load(options);
        var dataProtection = services.AddDataProtection().SetApplicationName("Samverkan.Sekretess").PersistKeysToDbContext<SekretessDbContext>();
        if (certificates.Current is { } current)
            dataProtection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate([.. certificates.All]);
        services.AddSingleton(certificates);
        services.AddScoped(sp => new KeyRingHealth(sp.GetRequiredService<SekretessDbContext>(), sp.GetRequiredService<IDataProtectionProvider>(),
            sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>(), certificates, sp.GetRequiredService<TimeProvider>()));
    }

    /// <summary>Gallring: the plan (policies/retention/plan.yaml), the thinning jobs, the arkivarie's review and gallringsstopp.</summary>
    private static void AddRetention(IServiceCollection services)
    {
        services.AddSingleton(sp => Retention.RetentionPlan.LoadFile(Path.Combine(sp.GetRequiredService<PolicyProvider>().Directory, Retention.RetentionPlan.RelativePath)));
        services.AddHostedService(sp => new Retention.RetentionPlanCheck(() => sp.GetRequiredService<Retention.RetentionPlan>()));
        services.AddScopedService<Retention.ThinningRuns>();
        services.AddScopedService<Retention.RetentionReview>();
        services.AddScopedService<Retention.LegalHolds>();
    }

    /// <summary>The DPO's workspace: search and export, anomaly flags, loggkontroll, registerutdrag, integrity tools.</summary>
    private static void AddLogReview(IServiceCollection services, IConfiguration configuration, bool jobsEnabled)
    {
        services.AddOptions<LogReviewOptions>().Bind(configuration.GetSection(LogReviewOptions.Section));
        services.AddSingleton(sp => AnomalyRuleSet.LoadFile(Path.Combine(sp.GetRequiredService<PolicyProvider>().Directory, AnomalyRuleSet.RelativePath)));
        services.AddSingleton(sp => ScreeningRuleSet.LoadFile(Path.Combine(sp.GetRequiredService<PolicyProvider>().Directory, ScreeningRuleSet.RelativePath)));
        services.AddSingleton<LinkIndex>();
        services.AddSingleton<AnomalyScanner>();
        services.AddHostedService(sp => new AnomalyScanService(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<AnomalyRuleSet>(),
            sp.GetRequiredService<ScreeningRuleSet>(), sp.GetRequiredService<AnomalyScanner>(), sp.GetRequiredService<IOptions<LogReviewOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<AnomalyScanService>>(), scan: !jobsEnabled));
        services.AddSingleton<AuditVerificationJobs>();
        services.AddScopedService<AuditSearch>();
        services.AddScopedService<LogReviews>();
        services.AddScopedService<AccessReports>();
        services.AddScopedService<AuditIntegrity>();
    }

    /// <summary>The samverkansöverenskommelse: forums, lägesbild, the agreement's åtgärdsplan and aggregate statistics.</summary>
    private static void AddAgreement(this IServiceCollection services)
    {
        services.AddScopedService<AgreementReads>();
        services.AddScopedService<AgreementWrites>();
        services.AddScopedService<AgreementPlan>();
        services.AddScopedService<LagesbildWrites>();
        services.AddScopedService<LagesbildReads>();
        services.AddScopedService<StatisticsReads>();
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }

    /// <summary>
    /// Registers a Core service whose constructor is internal (services take internal types such as the gateway, which Web
    /// cannot name), resolving every parameter from the container.
    /// </summary>
    private static void AddScopedService<T>(this IServiceCollection services) where T : class
    {
        var constructor = typeof(T).GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic).Single();
        var parameters = constructor.GetParameters().Select(p => p.ParameterType).ToArray();
        services.AddScoped(sp => (T)constructor.Invoke(parameters.Select(sp.GetRequiredService).ToArray()));
    }
}
