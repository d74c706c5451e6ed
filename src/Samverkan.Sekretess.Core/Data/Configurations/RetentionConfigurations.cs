using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Retention;

namespace Samverkan.Sekretess.Core.Data.Configurations;

internal sealed class ThinningRunConfiguration : IEntityTypeConfiguration<ThinningRun>
{
    public void Configure(EntityTypeBuilder<ThinningRun> b)
    {
        b.Property(r => r.Period).HasMaxLength(7);
        b.Property(r => r.Status).HasMaxLength(16);
        b.Property(r => r.DecisionReference).HasMaxLength(200);
        b.Property(r => r.PlanVersion).HasMaxLength(80);
        b.Property(r => r.DecidedByUserId).HasMaxLength(128);
        // One proposal per authority and month: a retried or concurrent proposal run cannot make a second list.
        b.HasIndex(r => new { r.AuthorityId, r.Period }).IsUnique();
        b.HasOne<Authority>().WithMany().HasForeignKey(r => r.AuthorityId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Candidates).WithOne().HasForeignKey(c => c.RunId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ThinningCandidateConfiguration : IEntityTypeConfiguration<ThinningCandidate>
{
    public void Configure(EntityTypeBuilder<ThinningCandidate> b)
    {
        b.Property(c => c.ResourceType).HasMaxLength(16);
        b.Property(c => c.Document).HasMaxLength(16);
        b.Property(c => c.ClassId).HasMaxLength(64);
        b.Property(c => c.CaseReference).HasMaxLength(32);
        b.Property(c => c.Disposition).HasMaxLength(8);
        b.Property(c => c.State).HasMaxLength(16);
        b.Property(c => c.ArchivePath).HasMaxLength(400);
        b.Property(c => c.ArchiveSha256).HasMaxLength(64);
        b.HasIndex(c => new { c.RunId, c.ResourceId }).IsUnique();
        b.HasIndex(c => c.ResourceId);
    }
}

internal sealed class ThinningTombstoneConfiguration : IEntityTypeConfiguration<ThinningTombstone>
{
    public void Configure(EntityTypeBuilder<ThinningTombstone> b)
    {
        b.Property(t => t.ResourceType).HasMaxLength(16);
        b.Property(t => t.Document).HasMaxLength(16);
        b.Property(t => t.Disposition).HasMaxLength(8);
        b.Property(t => t.DecisionReference).HasMaxLength(200);
        b.Property(t => t.ArchivePath).HasMaxLength(400);
        b.Property(t => t.ArchiveSha256).HasMaxLength(64);
        // A record is thinned once: a retried execution that reaches the insert again fails instead of writing twice.
        b.HasIndex(t => t.ResourceId).IsUnique();
        b.HasIndex(t => t.CaseId);
        b.HasOne<Authority>().WithMany().HasForeignKey(t => t.OwnerAuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LegalHoldConfiguration : IEntityTypeConfiguration<LegalHold>
{
    public void Configure(EntityTypeBuilder<LegalHold> b)
    {
        b.Property(h => h.Kind).HasMaxLength(16);
        b.Property(h => h.Reference).HasMaxLength(100);
        b.Property(h => h.PlacedByUserId).HasMaxLength(128);
        b.Property(h => h.LiftedByUserId).HasMaxLength(128);
        b.HasIndex(h => new { h.AuthorityId, h.LiftedAt });
        b.HasIndex(h => h.CaseId);
        b.HasIndex(h => h.PersonId);
        b.HasOne<Authority>().WithMany().HasForeignKey(h => h.AuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}
