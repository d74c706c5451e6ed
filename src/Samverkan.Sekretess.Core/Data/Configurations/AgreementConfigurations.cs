using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samverkan.Sekretess.Core.Agreement;
using Samverkan.Sekretess.Core.Agreement.Lagesbild;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Core.Data.Configurations;

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<CollaborationAgreement>
{
    public void Configure(EntityTypeBuilder<CollaborationAgreement> b)
    {
        b.Property(a => a.Title).HasMaxLength(300);
        b.Property(a => a.Municipality).HasMaxLength(200);
        b.Property(a => a.PoliceArea).HasMaxLength(200);
        b.Property(a => a.Purpose).HasMaxLength(4000);
        b.HasMany(a => a.Parties).WithOne().HasForeignKey(p => p.AgreementId);
        b.HasMany(a => a.Forums).WithOne().HasForeignKey(f => f.AgreementId);
        b.HasMany(a => a.Areas).WithOne().HasForeignKey(p => p.AgreementId);
    }
}

internal sealed class AgreementPartyConfiguration : IEntityTypeConfiguration<AgreementParty>
{
    public void Configure(EntityTypeBuilder<AgreementParty> b)
    {
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Kind).HasMaxLength(16);
        b.Property(p => p.Signatory).HasMaxLength(200);
        b.Property(p => p.Responsibilities).HasMaxLength(4000);
        b.HasMany(p => p.Authorities).WithOne().HasForeignKey(a => a.PartyId);
    }
}

internal sealed class AgreementPartyAuthorityConfiguration : IEntityTypeConfiguration<AgreementPartyAuthority>
{
    public void Configure(EntityTypeBuilder<AgreementPartyAuthority> b)
    {
        b.HasKey(a => new { a.PartyId, a.AuthorityId });
        b.HasIndex(a => a.AuthorityId);
        b.HasOne<Authority>().WithMany().HasForeignKey(a => a.AuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ForumConfiguration : IEntityTypeConfiguration<Forum>
{
    public void Configure(EntityTypeBuilder<Forum> b)
    {
        b.Property(f => f.Kind).HasMaxLength(32);
        b.Property(f => f.Name).HasMaxLength(200);
        b.Property(f => f.Purpose).HasMaxLength(2000);
        b.Property(f => f.Cadence).HasMaxLength(200);
        b.Property(f => f.Composition).HasMaxLength(2000);
        b.HasMany(f => f.Members).WithOne().HasForeignKey(m => m.ForumId);
    }
}

internal sealed class ForumMemberConfiguration : IEntityTypeConfiguration<ForumMember>
{
    public void Configure(EntityTypeBuilder<ForumMember> b)
    {
        b.HasKey(m => new { m.ForumId, m.UserId });
        b.Property(m => m.UserId).HasMaxLength(128);
        b.Property(m => m.Role).HasMaxLength(32);
        b.HasIndex(m => m.UserId);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PrioritisedAreaConfiguration : IEntityTypeConfiguration<PrioritisedArea>
{
    public void Configure(EntityTypeBuilder<PrioritisedArea> b)
    {
        b.Property(p => p.Code).HasMaxLength(32);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Description).HasMaxLength(4000);
        b.Property(p => p.Responsibilities).HasMaxLength(4000);
        // Single-column indexes only: composite ones make EF emit array literals that the strict build refuses (CA1861).
        b.HasIndex(p => p.AgreementId);
    }
}

internal sealed class AgreementDocumentConfiguration : IEntityTypeConfiguration<AgreementDocument>
{
    public void Configure(EntityTypeBuilder<AgreementDocument> b)
    {
        b.Property(d => d.Kind).HasMaxLength(32);
        b.Property(d => d.Title).HasMaxLength(300);
        b.Property(d => d.FileName).HasMaxLength(200);
        b.Property(d => d.ContentType).HasMaxLength(100);
        b.Property(d => d.Sha256).HasMaxLength(64);
        b.Property(d => d.UploadedByUserId).HasMaxLength(128);
        b.HasIndex(d => d.AgreementId);
        b.HasOne<CollaborationAgreement>().WithMany().HasForeignKey(d => d.AgreementId);
    }
}

internal sealed class AgreementActivityConfiguration : IEntityTypeConfiguration<AgreementActivity>
{
    public void Configure(EntityTypeBuilder<AgreementActivity> b)
    {
        b.Property(a => a.AreaCode).HasMaxLength(32);
        b.Property(a => a.Title).HasMaxLength(300);
        b.Property(a => a.Description).HasMaxLength(4000);
        b.Property(a => a.Status).HasMaxLength(16);
        b.Property(a => a.Indicator).HasMaxLength(500);
        b.Property(a => a.Target).HasMaxLength(500);
        b.Property(a => a.Outcome).HasMaxLength(2000);
        b.Property(a => a.CreatedByUserId).HasMaxLength(128);
        b.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        b.HasIndex(a => a.AgreementId);
        b.HasOne<CollaborationAgreement>().WithMany().HasForeignKey(a => a.AgreementId);
        b.HasOne<Authority>().WithMany().HasForeignKey(a => a.OwnerAuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SituationReportConfiguration : IEntityTypeConfiguration<SituationReport>
{
    public void Configure(EntityTypeBuilder<SituationReport> b)
    {
        b.Property(r => r.EventType).HasMaxLength(32);
        b.Property(r => r.DistrictCode).HasMaxLength(32);
        b.Property(r => r.Source).HasMaxLength(32);
        b.Property(r => r.ReporterUserId).HasMaxLength(128);
        b.HasIndex(r => r.AgreementId);
        b.HasOne<CollaborationAgreement>().WithMany().HasForeignKey(r => r.AgreementId);
        b.HasOne<Authority>().WithMany().HasForeignKey(r => r.ReporterAuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LagesbildMeasureConfiguration : IEntityTypeConfiguration<LagesbildMeasure>
{
    public void Configure(EntityTypeBuilder<LagesbildMeasure> b)
    {
        b.Property(m => m.DistrictCode).HasMaxLength(32);
        b.Property(m => m.DecidedByUserId).HasMaxLength(128);
        b.HasIndex(m => m.AgreementId);
        b.HasOne<CollaborationAgreement>().WithMany().HasForeignKey(m => m.AgreementId);
        b.HasOne<Authority>().WithMany().HasForeignKey(m => m.OwnerAuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}
