using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Samverkan.Sekretess.Core.Authorities;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Meetings;

namespace Samverkan.Sekretess.Core.Data.Configurations;

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.Property(m => m.CreatedByUserId).HasMaxLength(128);
        b.HasIndex(m => m.CaseId);
        b.HasOne<Case>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Authority>().WithMany().HasForeignKey(m => m.OrganizerAuthorityId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(m => m.PresentAuthorities).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingAuthorityConfiguration : IEntityTypeConfiguration<MeetingAuthority>
{
    public void Configure(EntityTypeBuilder<MeetingAuthority> b)
    {
        b.HasKey(a => new { a.MeetingId, a.AuthorityId });
        b.HasOne<Authority>().WithMany().HasForeignKey(a => a.AuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingAttendeeConfiguration : IEntityTypeConfiguration<MeetingAttendee>
{
    public void Configure(EntityTypeBuilder<MeetingAttendee> b)
    {
        b.HasKey(a => new { a.MeetingId, a.UserId });
        b.Property(a => a.UserId).HasMaxLength(128);
        b.HasOne<Authority>().WithMany().HasForeignKey(a => a.AuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingRecordConfiguration : IEntityTypeConfiguration<MeetingRecord>
{
    public void Configure(EntityTypeBuilder<MeetingRecord> b)
    {
        b.HasKey(r => r.ResourceId);
        b.Property(r => r.ResourceType).HasMaxLength(32);
        b.HasIndex(r => r.MeetingId);
        b.HasOne<Meeting>().WithMany().HasForeignKey(r => r.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Authority>().WithMany().HasForeignKey(r => r.AuthorityId).OnDelete(DeleteBehavior.Restrict);
    }
}
