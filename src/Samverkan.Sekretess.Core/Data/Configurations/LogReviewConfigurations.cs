using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samverkan.Sekretess.Core.LogReview;

namespace Samverkan.Sekretess.Core.Data.Configurations;

internal sealed class AuditFlagConfiguration : IEntityTypeConfiguration<AuditFlag>
{
    public void Configure(EntityTypeBuilder<AuditFlag> b)
    {
        b.Property(f => f.RuleId).HasMaxLength(64);
        b.Property(f => f.Severity).HasMaxLength(16);
        // One flag per rule and entry: a re-run of the scan cannot double-flag.
        b.HasIndex(f => new { f.Sequence, f.RuleId }).IsUnique();
        b.HasIndex(f => f.FlaggedAt);
    }
}

internal sealed class AnomalyScanStateConfiguration : IEntityTypeConfiguration<AnomalyScanState>
{
    public void Configure(EntityTypeBuilder<AnomalyScanState> b) => b.Property(s => s.Id).ValueGeneratedNever();
}

internal sealed class LinkHashConfiguration : IEntityTypeConfiguration<LinkHash>
{
    public void Configure(EntityTypeBuilder<LinkHash> b)
    {
        b.Property(h => h.OwnerType).HasMaxLength(16);
        b.Property(h => h.OwnerId).HasMaxLength(128);
        b.Property(h => h.Kind).HasMaxLength(16);
        b.Property(h => h.Hash).HasMaxLength(64);
        b.HasIndex(h => new { h.OwnerType, h.OwnerId, h.Kind }).IsUnique();
    }
}

internal sealed class ReviewRoundConfiguration : IEntityTypeConfiguration<ReviewRound>
{
    public void Configure(EntityTypeBuilder<ReviewRound> b)
    {
        b.Property(r => r.Unit).HasMaxLength(200);
        b.Property(r => r.Period).HasMaxLength(7);
        b.Property(r => r.CreatedByUserId).HasMaxLength(128);
        b.Property(r => r.AssignedToUserId).HasMaxLength(128);
        b.Property(r => r.Status).HasMaxLength(16);
        b.Property(r => r.SignedByUserId).HasMaxLength(128);
        b.HasIndex(r => new { r.AuthorityId, r.Period, r.Unit }).IsUnique();
        b.HasMany(r => r.Items).WithOne().HasForeignKey(i => i.RoundId);
    }
}

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> b)
    {
        b.Property(i => i.Source).HasMaxLength(16);
        b.Property(i => i.Outcome).HasMaxLength(32);
        b.Property(i => i.DecidedByUserId).HasMaxLength(128);
        b.HasIndex(i => new { i.RoundId, i.Sequence }).IsUnique();
    }
}

internal sealed class AccessReportConfiguration : IEntityTypeConfiguration<AccessReportRecord>
{
    public void Configure(EntityTypeBuilder<AccessReportRecord> b)
    {
        b.ToTable("AccessReports");
        b.Property(r => r.CreatedByUserId).HasMaxLength(128);
        b.Property(r => r.ReleasedByUserId).HasMaxLength(128);
        b.HasIndex(r => new { r.AuthorityId, r.PersonId });
        b.HasMany(r => r.Withholdings).WithOne().HasForeignKey(w => w.ReportId);
    }
}

internal sealed class AccessReportWithholdingConfiguration : IEntityTypeConfiguration<AccessReportWithholding>
{
    public void Configure(EntityTypeBuilder<AccessReportWithholding> b)
    {
        b.Property(w => w.RuleId).HasMaxLength(200);
        b.Property(w => w.Provision).HasMaxLength(300);
        b.Property(w => w.Scope).HasMaxLength(16);
        b.HasIndex(w => new { w.ReportId, w.Sequence, w.Scope }).IsUnique();
    }
}
