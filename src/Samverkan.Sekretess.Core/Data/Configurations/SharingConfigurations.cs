using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;
using Samverkan.Sekretess.Core.Disclosures;
using Samverkan.Sekretess.Core.Notifications;
using Samverkan.Sekretess.Core.Persons;

namespace Samverkan.Sekretess.Core.Data.Configurations;

internal sealed class GuardianConfiguration : IEntityTypeConfiguration<Guardian>
{
    public void Configure(EntityTypeBuilder<Guardian> b)
    {
        b.Property(g => g.RecordedByUserId).HasMaxLength(128);
        b.HasIndex(g => g.ChildPersonId);
        b.HasOne<Person>().WithMany().HasForeignKey(g => g.ChildPersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> b)
    {
        b.Property(c => c.Purpose).HasMaxLength(16);
        b.Property(c => c.Form).HasMaxLength(16);
        b.Property(c => c.RecordedByUserId).HasMaxLength(128);
        b.Property(c => c.WithdrawnByUserId).HasMaxLength(128);
        b.Property(c => c.AttachmentContentType).HasMaxLength(64);
        b.HasIndex(c => c.CaseId);
        b.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Person>().WithMany().HasForeignKey(c => c.SubjectPersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DisclosureConfiguration : IEntityTypeConfiguration<Disclosure>
{
    public void Configure(EntityTypeBuilder<Disclosure> b)
    {
        b.Property(d => d.ResourceType).HasMaxLength(32);
        b.Property(d => d.Category).HasMaxLength(8);
        b.Property(d => d.Ground).HasMaxLength(32);
        b.Property(d => d.Initiative).HasMaxLength(32);
        b.Property(d => d.Channel).HasMaxLength(16);
        b.Property(d => d.DecidedByUserId).HasMaxLength(128);
        b.Property(d => d.SecondApproverUserId).HasMaxLength(128);
        b.Property(d => d.RecipientRegime).HasMaxLength(200);
        b.Property(d => d.PolicySetVersion).HasMaxLength(80);
        b.Property(d => d.RuleIds).HasMaxLength(1000);
        b.Property(d => d.EndReason).HasMaxLength(64);
        b.HasIndex(d => d.CaseId);
        b.HasIndex(d => d.ResourceId);
        b.HasIndex(d => d.ConsentId);
        b.HasOne<Case>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Authority>().WithMany().HasForeignKey(d => d.SenderAuthorityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Authority>().WithMany().HasForeignKey(d => d.RecipientAuthorityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Consent>().WithMany().HasForeignKey(d => d.ConsentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DisclosureConsentConfiguration : IEntityTypeConfiguration<DisclosureConsent>
{
    public void Configure(EntityTypeBuilder<DisclosureConsent> b)
    {
        b.HasKey(x => new { x.DisclosureId, x.ConsentId });
        b.HasIndex(x => x.ConsentId);
        b.HasOne<Disclosure>().WithMany().HasForeignKey(x => x.DisclosureId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Consent>().WithMany().HasForeignKey(x => x.ConsentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class InformationRequestConfiguration : IEntityTypeConfiguration<InformationRequest>
{
    public void Configure(EntityTypeBuilder<InformationRequest> b)
    {
        b.Property(r => r.RequestedByUserId).HasMaxLength(128);
        b.Property(r => r.DecidedByUserId).HasMaxLength(128);
        b.Property(r => r.Status).HasMaxLength(16);
        b.HasIndex(r => r.CaseId);
        b.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Authority>().WithMany().HasForeignKey(r => r.FromAuthorityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Authority>().WithMany().HasForeignKey(r => r.ToAuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BreakGlassSessionConfiguration : IEntityTypeConfiguration<BreakGlass.BreakGlassSession>
{
    public void Configure(EntityTypeBuilder<BreakGlass.BreakGlassSession> b)
    {
        b.Property(s => s.UserId).HasMaxLength(128);
        b.Property(s => s.ReviewedByUserId).HasMaxLength(128);
        b.HasIndex(s => s.CaseId);
        b.HasIndex(s => s.AuthorityId);
        b.HasOne<Case>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Kind).HasMaxLength(32);
        b.Property(n => n.RecipientUserId).HasMaxLength(128);
        b.Property(n => n.DedupKey).HasMaxLength(200);
        b.HasIndex(n => new { n.RecipientAuthorityId, n.CreatedAt });
        b.HasIndex(n => n.DedupKey).IsUnique();
        // The mailer's query: not yet mailed, oldest first.
        b.HasIndex(n => new { n.MailedAt, n.CreatedAt });
        b.HasOne<Authority>().WithMany().HasForeignKey(n => n.RecipientAuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}
