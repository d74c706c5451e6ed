using System.Net;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Web.Jobs;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Jobs;

/// <summary>
/// Hangfire keeps process-wide state (stack.md §4): every test that runs a Hangfire server is in this one collection,
/// never in parallel with another.
/// </summary>
[CollectionDefinition("hangfire", DisableParallelization = true)]
public sealed class HangfireCollection;

/// <summary>The real app with Hangfire on PostgreSQL storage; the schedules never fire during a test, jobs are triggered.</summary>
public sealed class JobsAppServer : AppServer
{
    public string Database { get; private set; } = "";

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Jobs:Storage", "PostgreSql");
        foreach (var cron in new[] { "NeedToKnowCron", "ConsentRemindersCron", "NightlyCron", "AnomalyScanCron", "CheckpointCron", "KeyRingCron", "NotificationMailCron", "TokenPruningCron", "RetentionProposeCron", "RetentionExecuteCron" })
            builder.UseSetting("Jobs:" + cron, "0 0 1 1 *");
        builder.UseSetting("Jobs:WorkerCount", "1");
        Database = builder.GetSetting("Database:ConnectionString") ?? "";
    }
}

/// <summary>
/// The jobs as Hangfire runs them on PostgreSQL: the need-to-know job ends a share of a closed case as the sender's
/// system account (audited), stored jobs carry no arguments and no personal data, and the dashboard is for the
/// administrator (full) and the DPO (read-only) only — everyone else gets a 404 that is audited.
/// </summary>
[Collection("hangfire")]
public sealed class HangfireJobsTests(JobsAppServer app) : IClassFixture<JobsAppServer>
{
    private const string SubjectNumber = "20110303-9820";
    private const string SubjectName = "Jobbia Testsdotter";
    private const string DashboardPath = "/admin/jobb";

    [Fact]
    public async Task ClosingACase_TheNeedToKnowJobRunByHangfire_EndsTheShareAsASystemAccount_AndStoresNoPersonalData()
    {
        var (caseId, share) = await ArrangeClosedCaseWithShareAsync();

        await RunAndWaitAsync(NeedToKnowJob.Id);

        var log = await DpoLogAsync();
        var end = Assert.Single(log, e => e.Action == "disclosure.end" && e.ResourceId == share.ToString());
        Assert.Equal(("permit", "JOB-END-001", Roles.SystemJob, caseId), (end.Decision, end.RuleIds, end.ActorRole, end.CaseId!.Value));
        await using var conn = new NpgsqlConnection(app.Database);
        await conn.OpenAsync();
        await using (var client = new NpgsqlCommand($"SELECT \"Client\" FROM \"AuditEntries\" WHERE \"Sequence\" = {end.Sequence}", conn))
            Assert.Equal("system", await client.ExecuteScalarAsync()); // a job serves no request: client info says so
        await using var cmd = new NpgsqlCommand("SELECT invocationdata::text || ' ' || coalesce(arguments::text, '') FROM hangfire.job", conn);
        var stored = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        Assert.NotEmpty(stored);
        Assert.All(stored, s =>
        {
            Assert.DoesNotContain(SubjectNumber, s, StringComparison.Ordinal);
            Assert.DoesNotContain("Jobbia", s, StringComparison.Ordinal);
            Assert.DoesNotContain(caseId.ToString(), s, StringComparison.Ordinal);
            Assert.Contains("[null]", s, StringComparison.Ordinal); // the only argument is the cancellation token
        });
    }

    [Theory]
    [InlineData("systemforvaltare", HttpStatusCode.OK, true)]
    [InlineData("dataskyddsombud", HttpStatusCode.OK, false)]
    [InlineData("socialsekreterare", HttpStatusCode.NotFound, false)]
    [InlineData("kommunpolis", HttpStatusCode.NotFound, false)]
    [InlineData("enhetschef", HttpStatusCode.NotFound, false)]
    [InlineData("skolkurator", HttpStatusCode.NotFound, false)]
    public async Task TheDashboard_IsForTheAdministratorAndReadOnlyForTheDpo(string persona, HttpStatusCode expected, bool mayTrigger)
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, persona);

        var response = await client.GetAsync(DashboardPath + "/recurring");

        Assert.Equal(expected, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        if (expected == HttpStatusCode.OK)
        {
            Assert.Contains(NeedToKnowJob.Id, html, StringComparison.Ordinal);
            // Read-only: Hangfire renders no command buttons (trigger, delete, requeue) at all.
            Assert.Equal(mayTrigger, html.Contains("js-jobs-list-command", StringComparison.Ordinal));
        }

        string userId;
        await using (var scope = app.Services.CreateAsyncScope())
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(persona))!.Id;
        await using var conn = new NpgsqlConnection(app.Database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*) FROM \"AuditEntries\" WHERE \"Action\" LIKE 'jobs.%' AND \"Decision\" = @decision AND \"ActorUserId\" = @user", conn);
        cmd.Parameters.AddWithValue("decision", expected == HttpStatusCode.OK ? "permit" : "deny");
        cmd.Parameters.AddWithValue("user", userId);
        Assert.True((long)(await cmd.ExecuteScalarAsync())! >= 1, $"{persona}: the dashboard request is not in the audit log");
        // Client info: the channel and the address the request came from (loopback in the test).
        await using var clientInfo = new NpgsqlCommand(
            "SELECT \"Client\" FROM \"AuditEntries\" WHERE \"Action\" LIKE 'jobs.%' AND \"ActorUserId\" = @user ORDER BY \"Sequence\" DESC LIMIT 1", conn);
        clientInfo.Parameters.AddWithValue("user", userId);
        Assert.Matches(@"^web (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$", (string)(await clientInfo.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task TheDashboard_SendsAnonymousCallersToTheLogin()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(DashboardPath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private async Task RunAndWaitAsync(string recurringJobId)
    {
        var jobId = app.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(recurringJobId);
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        for (var i = 0; i < 300; i++)
        {
            var state = monitor.JobDetails(jobId)?.History.FirstOrDefault()?.StateName;
            if (state == "Succeeded") return;
            Assert.NotEqual("Failed", state);
            await Task.Delay(200);
        }

        Assert.Fail("The job did not finish within a minute.");
    }

    private async Task<(Guid CaseId, Guid Share)> ArrangeClosedCaseWithShareAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        async Task<ProcessContext> As(string user) =>
            new((await sp.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(user))!.Id, Purposes.CaseWork, Mfa: true);
        var social = await As("socialsekreterare");
        var directory = await sp.GetRequiredService<DirectoryReads>().ListAuthoritiesAsync(CancellationToken.None);
        Guid Named(string prefix) => directory.Single(a => a.Name.StartsWith(prefix, StringComparison.Ordinal)).Id;
        var (police, socialAuthority) = (Named("Polismyndigheten"), Named("Socialnämnden"));

        var cases = sp.GetRequiredService<CaseWrites>();
        var caseId = await cases.OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sig, SubjectNumber, SubjectName, [police]), CancellationToken.None);
        var item = await sp.GetRequiredService<ItemWrites>().AddItemAsync(social, caseId, new AddItemCommand("S1", "Utredning", "Fiktiv text."), CancellationToken.None);
        var consents = sp.GetRequiredService<ConsentWrites>();
        var a = await consents.AddGuardianAsync(social, caseId, new AddGuardianCommand("Gun Testsdotter"), CancellationToken.None);
        var b = await consents.AddGuardianAsync(social, caseId, new AddGuardianCommand("Gert Testsdotter"), CancellationToken.None);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var consent = await consents.RecordAsync(social, caseId, new RecordConsentCommand(null, [socialAuthority], [police], ["S1"], today, today.AddMonths(6),
            true, [a, b], "15 år, förstår vad samtycket gäller.", null, ConsentForms.Written, true, true), CancellationToken.None);
        var share = await sp.GetRequiredService<DisclosureWrites>().DiscloseAsync(social, "item", item,
            new DiscloseCommand(police, "CONSENT", [consent], new Dictionary<string, string>(), "Polisen behöver känna till utredningen.",
                DisclosureInitiatives.OwnInitiative, DisclosureChannels.System, false, null, Guid.NewGuid()), CancellationToken.None);
        await cases.CloseAsync(social, caseId, CancellationToken.None);
        return (caseId, share);
    }

    private async Task<IReadOnlyList<AuditEntryView>> DpoLogAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("dataskyddsombud");
        return await scope.ServiceProvider.GetRequiredService<AuditReads>().ListAsync(new ProcessContext(user!.Id, Purposes.LogReview, Mfa: true), 500, CancellationToken.None);
    }
}
