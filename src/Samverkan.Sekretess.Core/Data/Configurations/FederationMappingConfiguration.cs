using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Identity.Federation;

namespace Samverkan.Sekretess.Core.Data.Configurations;

internal sealed class FederationMappingConfiguration : IEntityTypeConfiguration<FederationMapping>
{
    public void Configure(EntityTypeBuilder<FederationMapping> b)
    {
        b.Property(m => m.Provider).HasMaxLength(64);
        b.Property(m => m.ClaimType).HasMaxLength(200);
        b.Property(m => m.ClaimValue).HasMaxLength(200);
        b.Property(m => m.Role).HasMaxLength(64);
        b.Property(m => m.Unit).HasMaxLength(200);
        b.Property(m => m.CreatedByUserId).HasMaxLength(128);
        b.HasIndex(m => new { m.Provider, m.ClaimType, m.ClaimValue }).IsUnique();
        b.HasOne<Authority>().WithMany().HasForeignKey(m => m.AuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}
