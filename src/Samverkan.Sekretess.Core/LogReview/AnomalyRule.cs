using System.Globalization;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>An anomaly rule as the DPO sees it: id, title and the plain-Swedish explanation.</summary>
public sealed record AnomalyRuleView(string Id, string Title, string Explanation, string Severity);

/// <summary>
/// The facts the scanner computes for each entry. Rules in policies/log-review/anomaly-rules.yaml are
/// conditions over these names only (a closed vocabulary, like the policies'); an unknown name stops the app.
/// </summary>
internal static class AnomalySignals
{
    public const string Action = "action";
    public const string Decision = "decision";
    public const string ActorRole = "actor.role";
    public const string ActorIsUser = "actor.isUser";
    public const string PersonProtected = "person.protectedIdentity";
    public const string ActorIsCaseMember = "case.actorIsMember";
    public const string ActorAuthorityParticipates = "case.actorAuthorityParticipates";
    public const string OutsideWorkingHours = "time.outsideWorkingHours";
    public const string DeniedInWindow = "actor.deniedInWindow";
    public const string EntriesToday = "actor.entriesToday";
    public const string VolumeRatio = "actor.volumeRatio";
    public const string SameSurname = "link.sameSurname";
    public const string SameAddress = "link.sameAddress";
    public const string ResultCount = "entry.resultCount";

    public static readonly IReadOnlyDictionary<string, Type> Types = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [Action] = typeof(string), [Decision] = typeof(string), [ActorRole] = typeof(string), [ActorIsUser] = typeof(bool),
        [PersonProtected] = typeof(bool), [ActorIsCaseMember] = typeof(bool), [ActorAuthorityParticipates] = typeof(bool),
        [OutsideWorkingHours] = typeof(bool), [DeniedInWindow] = typeof(double), [EntriesToday] = typeof(double),
        [VolumeRatio] = typeof(double), [SameSurname] = typeof(bool), [SameAddress] = typeof(bool), [ResultCount] = typeof(double),
    };
}

/// <summary>One condition: a signal and what it must be. A signal without a value (e.g. no case) never matches.</summary>
internal sealed record AnomalyCondition(string Signal, string? Value, IReadOnlyList<string>? In, IReadOnlyList<string>? NotIn, double? AtLeast, double? AtMost)
{
    public bool Matches(IReadOnlyDictionary<string, object?> facts)
    {
        if (!facts.TryGetValue(Signal, out var value) || value is null) return false;
        switch (value)
        {
            case bool b:
                return Value is not null && b == (Value == "true");
            case double d:
                if (AtLeast is { } min && d < min) return false;
                if (AtMost is { } max && d > max) return false;
                return Value is null || d == double.Parse(Value, CultureInfo.InvariantCulture);
            case string s:
                if (Value is not null && !string.Equals(s, Value, StringComparison.Ordinal)) return false;
                if (In is not null && !In.Contains(s, StringComparer.Ordinal)) return false;
                return NotIn is null || !NotIn.Contains(s, StringComparer.Ordinal);
            default:
                return false;
        }
    }
}

/// <param name="OncePerActorDay">Raise at most one flag of this rule per user and Swedish calendar day.</param>
internal sealed record AnomalyRule(string Id, string Title, string Explanation, string Severity, IReadOnlyList<AnomalyCondition> When, bool OncePerActorDay)
{
    public bool Matches(IReadOnlyDictionary<string, object?> facts) => When.All(c => c.Matches(facts));
}

/// <summary>The thresholds the signals are computed with (settings: in the same file).</summary>
internal sealed record AnomalySettings(
    TimeOnly WorkdayStart, TimeOnly WorkdayEnd, IReadOnlySet<DayOfWeek> WorkingDays, TimeSpan DeniedWindow,
    int VolumeHistoryDays, IReadOnlyList<string> VolumeActionPrefixes, int SampleSize);
