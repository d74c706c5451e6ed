namespace Samverkan.Sekretess.Core.Meetings;

/// <summary>
/// A samverkansmöte (SSPF/SIG network meeting) about one case. Everything said at it is a disclosure between the
/// authorities present (OSL 3 kap. 1 §), so the meeting records who was present, and each authority's part of the
/// minutes is that authority's own information item, disclosed to the others by the ordinary disclosure flow.
/// Per case for now: a meeting covering several cases would move <see cref="CaseId"/> into a join table; the agenda
/// is already computed per case so nothing else would change.
/// </summary>
internal sealed class Meeting
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public DateTime StartsAt { get; set; }
    public Guid OrganizerAuthorityId { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public List<MeetingAuthority> PresentAuthorities { get; set; } = [];
    public List<MeetingAttendee> Attendees { get; set; } = [];
}

/// <summary>An authority present at the meeting: a recipient of what is said, and a sender of what it says.</summary>
internal sealed class MeetingAuthority
{
    public Guid MeetingId { get; set; }
    public Guid AuthorityId { get; set; }
}

/// <summary>A named user present (närvaro), always from one of the present authorities.</summary>
internal sealed class MeetingAttendee
{
    public Guid MeetingId { get; set; }
    public string UserId { get; set; } = "";
    public Guid AuthorityId { get; set; }
}

/// <summary>
/// Links one authority's part of the minutes (an ordinary information item it owns) or one of its commitments
/// (an action-plan entry) to the meeting where it was written. The content lives in the item or entry.
/// </summary>
internal sealed class MeetingRecord
{
    /// <summary>The information item or action-plan entry.</summary>
    public Guid ResourceId { get; set; }
    public Guid MeetingId { get; set; }
    /// <summary>item (protokollsdel) or action_plan (åtgärd).</summary>
    public string ResourceType { get; set; } = "";
    public Guid AuthorityId { get; set; }
}
