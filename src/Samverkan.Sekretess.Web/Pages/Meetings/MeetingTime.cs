namespace Samverkan.Sekretess.Web.Pages.Meetings;

/// <summary>The meeting form takes Swedish local time (datetime-local); Core stores UTC.</summary>
internal static class MeetingTime
{
    private static readonly TimeZoneInfo Sweden =
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Stockholm", out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateTime? ToUtc(DateTime? local) =>
        local is { } l && !Sweden.IsInvalidTime(DateTime.SpecifyKind(l, DateTimeKind.Unspecified))
            ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(l, DateTimeKind.Unspecified), Sweden)
            : null;

    public static DateTime NextHourLocal() =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Sweden) is var now ? now.Date.AddHours(now.Hour + 1) : default;
}
