using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Persons;

namespace Samverkan.Sekretess.Core.Data.Configurations;

internal sealed class AuthorityConfiguration : IEntityTypeConfiguration<Authority>
{
    public void Configure(EntityTypeBuilder<Authority> b)
    {
        b.Property(a => a.Code).HasMaxLength(64);
        b.HasIndex(a => a.Code).IsUnique();
        b.Property(a => a.Name).HasMaxLength(200);
        b.Property(a => a.Kind).HasMaxLength(32);
        b.Property(a => a.SecrecyRegime).HasMaxLength(100);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.Property(p => p.PersonalNumberIndex).HasMaxLength(64);
        b.HasIndex(p => p.PersonalNumberIndex).IsUnique();
    }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.Property(c => c.Reference).HasMaxLength(32);
        b.HasIndex(c => c.Reference).IsUnique();
        b.Property(c => c.Type).HasMaxLength(16);
        b.Property(c => c.Status).HasMaxLength(16);
        b.Property(c => c.CreatedByUserId).HasMaxLength(128);
        b.HasOne<Authority>().WithMany().HasForeignKey(c => c.LeadAuthorityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(c => c.SubjectPersonId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Participants).WithOne().HasForeignKey(p => p.CaseId);
        b.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CaseId);
        b.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.CaseId);
        b.HasMany(c => c.ActionPlan).WithOne().HasForeignKey(a => a.CaseId);
        b.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
    }
}

internal sealed class CaseMemberConfiguration : IEntityTypeConfiguration<CaseMember>
{
    public void Configure(EntityTypeBuilder<CaseMember> b)
    {
        b.HasKey(m => new { m.CaseId, m.UserId });
        b.Property(m => m.UserId).HasMaxLength(128);
        b.Property(m => m.CaseRole).HasMaxLength(32);
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class ActionPlanEntryConfiguration : IEntityTypeConfiguration<ActionPlanEntry>
{
    public void Configure(EntityTypeBuilder<ActionPlanEntry> b)
    {
        b.Property(a => a.Status).HasMaxLength(16);
        b.Property(a => a.CreatedByUserId).HasMaxLength(128);
        b.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        b.HasIndex(a => a.CaseId);
        b.HasOne<Authority>().WithMany().HasForeignKey(a => a.OwnerAuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseParticipantConfiguration : IEntityTypeConfiguration<CaseParticipant>
{
    public void Configure(EntityTypeBuilder<CaseParticipant> b)
    {
        b.HasKey(p => new { p.CaseId, p.AuthorityId });
        b.HasIndex(p => p.AuthorityId);
        b.HasOne<Authority>().WithMany().HasForeignKey(p => p.AuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InformationItemConfiguration : IEntityTypeConfiguration<InformationItem>
{
    public void Configure(EntityTypeBuilder<InformationItem> b)
    {
        b.Property(i => i.Category).HasMaxLength(8);
        b.Property(i => i.DocumentType).HasMaxLength(32);
        b.Property(i => i.CreatedByUserId).HasMaxLength(128);
        b.Property(i => i.UpdatedByUserId).HasMaxLength(128);
        b.Property(i => i.ConcurrencyStamp).IsConcurrencyToken();
        b.HasIndex(i => i.CaseId);
        b.HasOne<Authority>().WithMany().HasForeignKey(i => i.OwnerAuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ItemSubjectConfiguration : IEntityTypeConfiguration<ItemSubject>
{
    public void Configure(EntityTypeBuilder<ItemSubject> b)
    {
        b.HasKey(s => new { s.ItemId, s.PersonId });
        b.HasIndex(s => s.PersonId);
        b.HasOne<InformationItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<Access.IdempotencyKeyRecord>
{
    public void Configure(EntityTypeBuilder<Access.IdempotencyKeyRecord> b)
    {
        b.ToTable("IdempotencyKeys");
        b.HasKey(k => new { k.UserId, k.Form, k.Token });
        b.Property(k => k.UserId).HasMaxLength(128);
        b.Property(k => k.Form).HasMaxLength(64);
        b.HasIndex(k => k.CreatedAt);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(a => a.Sequence);
        b.Property(a => a.Sequence).ValueGeneratedNever();
        b.Property(a => a.ActorUserId).HasMaxLength(128);
        b.Property(a => a.ActorRole).HasMaxLength(64);
        b.Property(a => a.Action).HasMaxLength(64);
        b.Property(a => a.ResourceType).HasMaxLength(32);
        b.Property(a => a.ResourceId).HasMaxLength(64);
        b.Property(a => a.Decision).HasMaxLength(8);
        b.Property(a => a.RuleIds).HasMaxLength(1000);
        b.Property(a => a.LegalGround).HasMaxLength(64);
        b.Property(a => a.Purpose).HasMaxLength(64);
        b.Property(a => a.PolicyVersion).HasMaxLength(80);
        b.Property(a => a.Client).HasMaxLength(200);
        b.Property(a => a.PreviousHash).HasMaxLength(64);
        b.Property(a => a.Hash).HasMaxLength(64);
        // The DPO's search (docs/benchmarks-audit.md): every selective filter has an index that ends in Sequence, so
        // "newest first, 50 at a time" (keyset paging) walks one index backwards and stops after a page.
        b.HasIndex(a => new { a.ActorAuthorityId, a.Sequence });
        b.HasIndex(a => new { a.ResourceAuthorityId, a.Sequence });
        b.HasIndex(a => new { a.CaseId, a.Sequence });
        b.HasIndex(a => new { a.PersonId, a.Sequence });
        // Covering the scope, the time and the sort keys: a user's entries sorted by action or decision are found by an
        // index-only scan instead of a scan of the table (AuditSearch, docs/benchmarks.md "Log search sorted by a column").
        // Named per provider: both extension methods are called IncludeProperties; SQLite has no INCLUDE.
        var byUser = b.HasIndex(a => new { a.ActorUserId, a.Sequence });
        NpgsqlIndexBuilderExtensions.IncludeProperties(byUser, a => new { a.ActorAuthorityId, a.ResourceAuthorityId, a.OccurredAt, a.Action, a.Decision });
        SqlServerIndexBuilderExtensions.IncludeProperties(byUser, a => new { a.ActorAuthorityId, a.ResourceAuthorityId, a.OccurredAt, a.Action, a.Decision });
        // Time ranges are turned into sequence ranges with this index (OccurredAt grows with Sequence).
        b.HasIndex(a => a.OccurredAt);
    }
}
