using System.Globalization;

namespace Samverkan.Sekretess.Core.Agreement;

/// <summary>Weeks and local dates are Swedish: the weekly meeting thinks in ISO weeks of local time.</summary>
public static class SwedishTime
{
    // Falls back to UTC on a machine without time-zone data rather than failing.
    private static readonly TimeZoneInfo Zone =
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Stockholm", out var zone) ? zone : TimeZoneInfo.Utc;

    public static DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToUtc(DateOnly date, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(date.ToDateTime(time), DateTimeKind.Unspecified), Zone);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToLocal(clock.GetUtcNow().UtcDateTime));

    public static (int Year, int Week) IsoWeekOf(DateOnly date)
    {
        var d = date.ToDateTime(TimeOnly.MinValue);
        return (ISOWeek.GetYear(d), ISOWeek.GetWeekOfYear(d));
    }

    /// <summary>Monday of the given ISO week.</summary>
    public static DateOnly MondayOf(int year, int week) => DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));

    public static bool IsValidWeek(int year, int week) => year is >= 2000 and <= 2100 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year);
}
