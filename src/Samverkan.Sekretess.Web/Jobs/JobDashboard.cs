using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Administration;
using Samverkan.Sekretess.Web.Infrastructure;

namespace Samverkan.Sekretess.Web.Jobs;

/// <summary>
/// The Hangfire dashboard at /admin/jobb, behind the app's own authentication (signed in with a second factor) and
/// the policies (JobDashboardAccess: administrator full, DPO read-only). Anyone else gets the same 404 as for any
/// denied page, and the attempt is audited. Hangfire's own filter only lets through what this gate has already let in.
/// </summary>
internal static class JobDashboard
{
    public const string Path = "/admin/jobb";
    private const string RightKey = "samverkan.jobs.right";

    public static void UseSamverkanJobDashboard(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase), branch => branch.Use(GateAsync));
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new GateFilter()],
            IsReadOnlyFunc = c => c.GetHttpContext().Items[RightKey] is not JobDashboardRight.Full,
            AppPath = "/Admin",
            DashboardTitle = "Bakgrundsjobb",
            DisplayStorageConnectionString = false,
            IgnoreAntiforgeryToken = false,
        });
    }

    private static async Task GateAsync(HttpContext http, RequestDelegate next)
    {
        // Signed in at all? The second factor (amr=mfa) is then the policies' business (JOBS-*: subject.mfa).
        if (http.User.Identity?.IsAuthenticated != true)
        {
            await http.ChallengeAsync(); // like every other page: to the login
            return;
        }

        try
        {
            // Page loads are audited; the dashboard's polling, scripts and styles are decided but not each logged.
            var isPage = HttpMethods.IsGet(http.Request.Method) && !IsAsset(http.Request.Path);
            var context = ProcessContextFactory.For(http.User, Purposes.Supervision); // tillsyn over the jobs, not a job itself
            http.Items[RightKey] = await http.RequestServices.GetRequiredService<JobDashboardAccess>()
                .DecideAsync(context, PathForLog(http.Request.Path), audit: isPage || !HttpMethods.IsGet(http.Request.Method), http.RequestAborted);
        }
        catch (AccessDeniedException)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await next(http);
    }

    private static bool IsAsset(PathString path)
    {
        var value = path.Value ?? "";
        return value.Contains("/js", StringComparison.OrdinalIgnoreCase) || value.Contains("/css", StringComparison.OrdinalIgnoreCase)
            || value.Contains("/fonts", StringComparison.OrdinalIgnoreCase) || value.EndsWith("/stats", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The dashboard path without query (job ids only; the dashboard has no personal data in its URLs).</summary>
    private static string PathForLog(PathString path) => (path.Value ?? "").Length > 200 ? path.Value![..200] : path.Value ?? "";

    private sealed class GateFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().Items.ContainsKey(RightKey);
    }
}
