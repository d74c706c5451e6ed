using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Identity;
using Samverkan.Sekretess.Core.LogReview;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Pages.Audit;

/// <summary>The app with a fast anomaly scan (1 s), so flags appear while a journey runs.</summary>
public sealed class DpoAppServer : AppServer
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("LogReview:ScanInterval", "00:00:01");

    /// <summary>
    /// Denied audit entries of a user, read the way a DPO of that user's authority reads them (test assertion helper:
    /// a DPO of the authority is created on first use, and the context is built directly with a completed second factor).
    /// </summary>
    public async Task<IReadOnlyList<string>> DeniedActionsOfAsync(string userName)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
        var dpoName = "dpo-" + user.AuthorityId.ToString("N")[..8];
        var dpo = await users.FindByNameAsync(dpoName);
        if (dpo is null)
        {
            dpo = new ApplicationUser
            {
                UserName = dpoName, DisplayName = "Testombud", AuthorityId = user.AuthorityId, Role = Roles.DataProtectionOfficer, Unit = "Dataskydd",
                AttributeSource = "test",
            };
            Assert.True((await users.CreateAsync(dpo, "en lång och ovanlig testfras 42")).Succeeded);
        }

        var page = await scope.ServiceProvider.GetRequiredService<AuditSearch>().SearchAsync(
            new ProcessContext(dpo.Id, Purposes.LogReview, Mfa: true), new AuditQuery { UserId = user.Id, Decision = "deny", PageSize = 200 }, CancellationToken.None);
        return page.Rows.Select(r => r.Action + (r.ResourceId is null ? "" : "@" + r.ResourceId)).ToList();
    }

    public static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
