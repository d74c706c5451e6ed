using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Identity;
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
    public DbSet<CaseMember> CaseMembers => Set<CaseMember>();
    public DbSet<ActionPlanEntry> ActionPlanEntries => Set<ActionPlanEntry>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<FederationMapping> FederationMappings => Set<FederationMapping>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // OpenIddict's applications, authorizations, scopes and tokens (the OpenID Connect server's stores).
        builder.UseOpenIddict();
        builder.ApplyConfigurationsFromAssembly(typeof(SekretessDbContext).Assembly);
    }
}
