using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Tests.Disclosures;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Access;

/// <summary>
/// Every entry point of Core — each public method of a public type that takes a <see cref="ProcessContext"/> — is called,
/// with arguments naming real records of a case, as an anonymous caller, as a user of an authority that takes no part in
/// the case (fritidsledare), and as each role that sees no case content (dataskyddsombud, systemförvaltare, arkivarie,
/// enhetschef). Each call must be refused as a 404 (<see cref="AccessDeniedException"/>) with exactly one new deny entry,
/// and must change nothing else. A new service method that forgets the gateway fails here without anyone writing a test
/// for it. What a role may do in its own area (the DPO's log, the administrator's users, the arkivarie's lists) is in
/// <see cref="Permitted"/>, each with the reason.
/// </summary>
public sealed class EveryEntryPointIsGuardedTests(CoreHost host) : IClassFixture<CoreHost>
{
    private static readonly Assembly Core = typeof(AccessGateway).Assembly;
    private static readonly string[] Callers = ["anonym", "fritidsledare", "dataskyddsombud", "systemforvaltare", "arkivarie", "enhetschef"];
    private static readonly SemaphoreSlim WorldLock = new(1, 1);
    private static GuardWorld? _world;

    /// <summary>
    /// Methods a no-content role may call in its own area (permitted, so not part of this test; the operation matrices and
    /// the features' own tests cover them). Keyed by "Type.Method"; the value lists the callers, with why.
    /// </summary>
    private static readonly string[] SignedIn = ["fritidsledare", "dataskyddsombud", "systemforvaltare", "arkivarie", "enhetschef"];
    private static readonly string[] Dpo = ["dataskyddsombud"];
    private static readonly string[] LogReviewers = ["dataskyddsombud", "enhetschef"];
    private static readonly string[] Administrators = ["systemforvaltare"];

    private static readonly Dictionary<string, string[]> Permitted = new(StringComparer.Ordinal)
    {
        // Anyone signed in reads and marks their own notices (ids and kinds only, never content).
        ["NotificationReads.ListMineAsync"] = SignedIn,
        ["NotificationReads.MarkAllReadAsync"] = SignedIn,
        // Lists whose every row is decided on its own: a signed-in user gets the rows it may see (here none of the case).
        ["CaseReads.ListMyCasesAsync"] = SignedIn,
        ["AgreementReads.ListMineAsync"] = SignedIn,
        // The DPO's workspace (own authority's log, never content); the unit manager's loggkontroll of the own unit.
        ["AuditSearch.GetOptionsAsync"] = LogReviewers,
        ["AuditSearch.SearchAsync"] = LogReviewers,
        ["AuditSearch.BeginExportAsync"] = LogReviewers,
        ["LogReviews.RefreshFlagsAsync"] = LogReviewers,
        ["LogReviews.GetDashboardAsync"] = LogReviewers,
        ["LogReviews.CreateRoundAsync"] = LogReviewers,
        ["LogReviews.GetPeriodReportAsync"] = LogReviewers,
        ["AccessReports.EnsureAllowedAsync"] = Dpo,
        ["AccessReports.CreateDraftAsync"] = Dpo,
        ["AuditIntegrity.EnsureAllowedAsync"] = Dpo,
        ["AuditIntegrity.VerifyAsync"] = Dpo,
        ["AuditIntegrity.ListCheckpointsAsync"] = Dpo,
        ["AuditIntegrity.ExportCheckpointsAsync"] = Dpo,
        ["AuditReads.ListAsync"] = Dpo,
        ["AuditReads.VerifyChainAsync"] = Dpo,
        ["AuditReads.VerifyAgainstCheckpointAsync"] = Dpo,
        ["AuditVerificationJobs.StartAsync"] = Dpo,
        ["ResidualAccess.ReportAsync"] = Dpo,
        // The DPO reviews every nödåtkomst of the own authority afterwards (BTG-RV-001).
        ["BreakGlassService.ListForReviewAsync"] = Dpo,
        ["BreakGlassService.ReviewAsync"] = Dpo,
        // Gallringsstopp: the arkivarie and the DPO (RET-H-*); thinning lists: the arkivarie.
        ["LegalHolds.ListAsync"] = ["arkivarie", "dataskyddsombud"],
        ["LegalHolds.PlaceAsync"] = ["arkivarie", "dataskyddsombud"],
        ["RetentionReview.ListRunsAsync"] = ["arkivarie"],
        // The jobs dashboard: the administrator manages, the DPO looks (JOBS-M-001, JOBS-V-001).
        ["JobDashboardAccess.DecideAsync"] = ["systemforvaltare", "dataskyddsombud"],
        // The administrator's own area (users, federation, keys; no case content).
        ["UserAdministration.GetOverviewAsync"] = Administrators,
        ["UserAdministration.CreateUserAsync"] = Administrators,
        ["UserAdministration.SetDisabledAsync"] = Administrators,
        ["UserAdministration.ListFederationMappingsAsync"] = Administrators,
        ["UserAdministration.AddFederationMappingAsync"] = Administrators,
        ["UserAdministration.RemoveFederationMappingAsync"] = Administrators,
        ["UserAdministration.GetKeyStatusAsync"] = Administrators,
        ["UserAdministration.RotateAndReEncryptAsync"] = Administrators,
        ["UserAdministration.GetUserAsync"] = Administrators,
        ["UserAdministration.ResetSignInAsync"] = Administrators,
        ["UserAdministration.ResetPasswordAsync"] = Administrators,
        ["UserAdministration.GetNewUserOptionsAsync"] = Administrators,
        ["UserAdministration.GetNewFederationMappingOptionsAsync"] = Administrators,
    };

    /// <summary>
    /// Entry points that serve no protected data and are therefore not doors (each with why). Nothing else may be here.
    /// </summary>
    private static readonly Dictionary<string, string> NotADoor = new(StringComparer.Ordinal)
    {
        // The progress of a chain verification held in memory, answered only to the user who started it (the start is
        // the guarded door, AuditVerificationJobs.StartAsync); no database, no log content.
        ["AuditVerificationJobs.Get"] = "in-memory progress of the caller's own verification job",
        // Which administration menu entries the PDP would permit the caller (AccessGateway.WouldAsync): booleans, no data;
        // every entry leads to a guarded operation.
        ["UserAdministration.GetMenuAsync"] = "the administration menu: what the PDP would permit, no data",
        // The unread count in every page's menu: a number of the caller's own notices, no content, no ids; the PDP is asked
        // (WouldAsync) and anyone it would not permit, anonymous included, gets 0. Reading the notices is the door.
        ["NotificationReads.CountUnreadAsync"] = "the caller's own unread count in the menu: a number, no content",
    };

    public static TheoryData<string, string> EntryPoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in Methods())
            foreach (var caller in Callers)
                if (!(Permitted.TryGetValue(Key(method), out var ok) && ok.Contains(caller))) data.Add(Key(method), caller);
        return data;
    }

    [Fact]
    public void TheEntryPointsAreFound() => Assert.True(Methods().Count() > 60, "the reflection found too few entry points: " + Methods().Count());

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public async Task EntryPoint_AsCallerWithoutRight_Is404WithOneDenyEntryAndChangesNothing(string entryPoint, string caller)
    {
        var world = await WorldAsync();
        var method = Methods().Single(m => Key(m) == entryPoint);
        var context = caller == "anonym" ? new ProcessContext(null) : await host.AsAsync(caller) with { Mfa = true };
        var before = await TableSnapshot.TakeAsync(host);

        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService(method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(ProcessContext) ? context : world.Argument(p)).ToArray();
        var error = await Record.ExceptionAsync(() => InvokeAsync(service, method, arguments));

        Assert.True(error is AccessDeniedException, $"{entryPoint} as {caller}: expected a 404 (AccessDeniedException), got {error?.GetType().Name ?? "success"} {error?.Message}");
        var after = await TableSnapshot.TakeAsync(host);
        Assert.Equal(before.AuditEntries + 1, after.AuditEntries);
        Assert.Equal(before.Tables, after.Tables);
        await using var db = host.NewDbContext();
        var entry = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal("deny", entry.Decision);
        Assert.Equal(caller == "anonym" ? null : context.UserId, entry.ActorUserId);
    }

    private static IEnumerable<MethodInfo> Methods() =>
        Core.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.DeclaringType != typeof(ProcessContext) && m.GetParameters().Any(p => p.ParameterType == typeof(ProcessContext)))
            .Where(m => !NotADoor.ContainsKey(Key(m)))
            .OrderBy(Key, StringComparer.Ordinal);

    private static string Key(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}";

    private static async Task InvokeAsync(object service, MethodInfo method, object?[] arguments)
    {
        object? result;
        try
        {
            result = method.Invoke(service, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }

        if (result is Task task) await task;
        else if (result is ValueTask valueTask) await valueTask;
    }

    private async Task<GuardWorld> WorldAsync()
    {
        await WorldLock.WaitAsync();
        try
        {
            return _world ??= await GuardWorld.CreateAsync(host);
        }
        finally
        {
            WorldLock.Release();
        }
    }
}
