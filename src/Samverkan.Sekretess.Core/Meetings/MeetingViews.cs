using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Consents;

namespace Samverkan.Sekretess.Core.Meetings;

/// <summary>A case's meetings and what the caller needs to book a new one.</summary>
public sealed record MeetingList(
    Guid CaseId, string CaseReference, string CaseType, IReadOnlyList<MeetingSummary> Meetings, bool MayCreate,
    IReadOnlyList<AuthorityOption> Participants, IReadOnlyList<AttendeeOption> Users, Guid OwnAuthorityId);

public sealed record MeetingSummary(Guid Id, DateTime StartsAt, IReadOnlyList<string> PresentAuthorityNames, int AttendeeCount);

/// <summary>A user who can be marked present: a user of one of the case's participating authorities.</summary>
public sealed record AttendeeOption(string UserId, string DisplayName, Guid AuthorityId, string AuthorityName);

/// <summary>The meeting's frame and agenda. The agenda names the person only where the PDP found a covering consent.</summary>
public sealed record MeetingDetails(
    Guid Id, Guid CaseId, string CaseReference, string CaseType, DateTime StartsAt, string OrganizerName,
    IReadOnlyList<string> PresentAuthorityNames, IReadOnlyList<AttendeeView> Attendees, IReadOnlyList<AgendaEntry> Agenda, bool CallerPresent);

public sealed record AttendeeView(string DisplayName, string AuthorityName);

public sealed record AgendaEntry(Guid CaseId, string CaseReference, string PersonName);

/// <summary>
/// One agenda item (the case at this meeting) for a present authority whose participation the consent covers:
/// the minutes and actions the caller may read (its own, and what others disclosed to it), and what it may do.
/// </summary>
public sealed record MeetingItem(
    Guid MeetingId, Guid CaseId, string CaseReference, string CaseType, string PersonName, DateTime StartsAt,
    IReadOnlyList<AuthorityOption> Present, IReadOnlyList<MinuteView> Minutes, IReadOnlyList<MeetingActionView> Actions,
    bool MayRecord, IReadOnlyList<ItemCategories.Category> MinuteCategories, Guid OwnAuthorityId);

/// <summary>One authority's part of the minutes (protokollsdel). <see cref="NotYetDisclosedTo"/> is set for the owner only.</summary>
public sealed record MinuteView(
    Guid ItemId, Guid OwnerAuthorityId, string OwnerName, string Category, string Title, string Text, DateTime CreatedAt, bool Own,
    IReadOnlyList<string> NotYetDisclosedTo, IReadOnlyList<string> DisclosedTo);

public sealed record MeetingActionView(
    Guid EntryId, Guid OwnerAuthorityId, string OwnerName, string What, string Responsible, DateOnly DueDate, string Status, bool Own,
    IReadOnlyList<string> NotYetDisclosedTo, IReadOnlyList<string> DisclosedTo);

/// <summary>The result of "lämna ut till de närvarande" for one recipient: disclosed (with the record id) or refused with reasons.</summary>
public sealed record MeetingDisclosureOutcome(Guid RecipientAuthorityId, string RecipientName, Guid? DisclosureId, IReadOnlyList<string> Reasons)
{
    public bool Disclosed => DisclosureId is not null;
}

/// <summary>Book a meeting: when, which authorities are present and which named users (närvaro).</summary>
public sealed record CreateMeetingCommand(DateTime? StartsAt, IReadOnlyList<Guid> PresentAuthorityIds, IReadOnlyList<string> AttendeeUserIds, Guid? RequestId = null);

/// <summary>The caller's authority's own part of the minutes, as an information item of one of its categories.</summary>
public sealed record RecordMinutesCommand(string? Category, string? Text, Guid? RequestId = null);
