using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>Security events about one user, as Socialnämnden's data-protection officer reads them in the log.</summary>
internal static class SecurityAudit
{
    public static async Task<string> UserIdAsync(AppServer app, string userName)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync(userName))!.Id;
    }

    /// <summary>The entries with this action about the user (newest first); the user must be of Socialnämnden.</summary>
    public static async Task<IReadOnlyList<AuditEntryView>> EntriesAsync(AppServer app, string userName, string action)
    {
        var userId = await UserIdAsync(app, userName);
        using var scope = app.Services.CreateScope();
        var dpo = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByNameAsync("dataskyddsombud"))!;
        var entries = await scope.ServiceProvider.GetRequiredService<AuditReads>()
            .ListAsync(new ProcessContext(dpo.Id, Purposes.LogReview, Mfa: true), 500, CancellationToken.None);
        return entries.Where(e => e.Action == action && e.ResourceId == userId).ToList();
    }
}
