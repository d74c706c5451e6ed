using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NetArchTest.Rules;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Policy;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Architecture;

/// <summary>
/// The one-door rule, proven: Web cannot reach the DbContext, and the PDP has no web or database
/// dependency. These fail if someone adds InternalsVisibleTo(Web) and touches the context from a page.
/// </summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly Core = typeof(AccessDeniedException).Assembly;
    private static readonly Assembly Web = typeof(Program).Assembly;
    private static readonly Assembly PolicyAssembly = typeof(PolicyDecisionPoint).Assembly;

    [Fact]
    public void DbContext_IsInternalToCore()
    {
        var context = Core.GetType("Samverkan.Sekretess.Core.Data.SekretessDbContext", throwOnError: true)!;
        Assert.False(context.IsPublic);
    }

    [Fact]
    public void Core_GrantsInternalsOnlyToMigrationsItsOwnTestsAndTheBenchmarkDataGenerator()
    {
        var friends = Core.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["Samverkan.Sekretess.Core.Tests", "Samverkan.Sekretess.DataGen", "Samverkan.Sekretess.Migrations.PostgreSql", "Samverkan.Sekretess.Migrations.SqlServer", "Samverkan.Sekretess.Migrations.Sqlite"],
            friends);
    }

    [Fact]
    public void Web_HasNoDependencyOnTheDataLayerOrEntityFramework()
    {
        var result = Types.InAssembly(Web).ShouldNot()
            .HaveDependencyOnAny("Samverkan.Sekretess.Core.Data", "Microsoft.EntityFrameworkCore", "Npgsql", "Microsoft.Data.Sqlite", "Microsoft.Data.SqlClient")
            .GetResult();
        Assert.True(result.IsSuccessful, "Web types touching the data layer: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    /// <summary>
    /// One door: only the gateway writes the entry of an access to protected data. The other writers of the log record
    /// events that are not such accesses, each named here with why; a service that appends its own entries fails this.
    /// </summary>
    [Fact]
    public void OnlyTheGatewayAndTheLogsOwnInfrastructure_WriteAuditEntries()
    {
        string[] allowed =
        [
            "Samverkan.Sekretess.Core.Access.AccessGateway",                 // the PEP: every access's permit or deny entry
            "Samverkan.Sekretess.Core.Access.AccessGateway+Grant",
            "Samverkan.Sekretess.Core.Audit.AuditLog",                       // the writer itself (group commit, chain)
            "Samverkan.Sekretess.Core.Audit.AuditLog+Head",
            "Samverkan.Sekretess.Core.Audit.AuditLog+Pending",
            "Samverkan.Sekretess.Core.Audit.AuditChainVerifier",             // reads the chain to verify it
            "Samverkan.Sekretess.Core.Audit.AuditVerificationTool",          // the offline CLI records that it verified
            "Samverkan.Sekretess.Core.Access.PolicyReloadService",           // a policy reload is an event, not an access
            "Samverkan.Sekretess.Core.Identity.SecurityEvents",              // sign-in, MFA, logout: before any actor exists
            "Samverkan.Sekretess.Core.Seeding.DatabaseInitializer",          // the demo seed's one entry
            "Samverkan.Sekretess.Core.ServiceCollectionExtensions",          // registration only
        ];
        var writers = Types.InAssembly(Core).That().HaveDependencyOn("Samverkan.Sekretess.Core.Audit.AuditLog").GetTypes()
            // A compiler-made nested type (an async state machine, a lambda's closure) counts as the type that declares it.
            .Select(t => string.Join('+', t.FullName!.Split('+').TakeWhile(part => !part.StartsWith('<'))))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Empty(writers.Except(allowed));
    }

    /// <summary>Deciding, denying and opening transactions are private to the gateway: a service cannot use the door half-way.</summary>
    [Fact]
    public void TheGatewaysPrimitives_AreNotReachableFromServices()
    {
        var gateway = Core.GetType("Samverkan.Sekretess.Core.Access.AccessGateway", throwOnError: true)!;
        var visible = gateway.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsPrivate && !m.IsSpecialName).Select(m => m.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["AuthorizeAsync", "WouldAsync"], visible);
    }

    [Fact]
    public void Policy_ReferencesNeitherAspNetCoreNorEntityFramework()
    {
        var forbidden = PolicyAssembly.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                        || a.Name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                        || a.Name.StartsWith("Samverkan.Sekretess.Core", StringComparison.Ordinal))
            .Select(a => a.Name).ToList();
        Assert.Empty(forbidden);
        var result = Types.InAssembly(PolicyAssembly).ShouldNot()
            .HaveDependencyOnAny("Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "System.Net.Http", "System.Data")
            .GetResult();
        Assert.True(result.IsSuccessful, "Policy types with forbidden dependencies: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}

/// <summary>Every page requires a signed-in user unless it is on the short public list.</summary>
public sealed class EveryPageIsAuthorizedTests(AppServer app) : IClassFixture<AppServer>
{
    private static readonly string[] PublicPages = ["/Index", "/Account/Login", "/Account/FirstSignIn", "/Account/EndSession", "/Error", "/NotFound"];

    [Fact]
    public void Pages_ExceptThePublicOnes_RequireAuthorization()
    {
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(x => x.Page is not null)
            .ToList();
        Assert.NotEmpty(pages);
        foreach (var (endpoint, page) in pages)
        {
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorized = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
            if (PublicPages.Contains(page!.ViewEnginePath)) continue;
            Assert.True(authorized && !anonymous, $"{page.ViewEnginePath} must require a signed-in user");
        }
    }
}
