namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// Who is asking, and why. Web builds it from the signed-in user id only; the gateway resolves
/// every other subject attribute itself (authority, role, disabled), so a stale cookie cannot carry them.
/// </summary>
/// <param name="UserId">The Identity user id, or null for an anonymous caller (always denied).</param>
/// <param name="Purpose">Declared purpose of access, one of <see cref="Purposes"/>.</param>
/// <param name="Mfa">The sign-in used a second factor (from the authentication, not from a form).</param>
public sealed record ProcessContext(string? UserId, string Purpose = Purposes.CaseWork, bool Mfa = false);

public static class Purposes
{
    public const string CaseWork = "handlaggning";
    public const string Meeting = "samverkansmote";
    public const string FollowUp = "uppfoljning";
    public const string Supervision = "tillsyn";
    public const string LogReview = "loggkontroll";
    /// <summary>Arkivvård: the arkivarie's and DPO's work with thinning lists and gallringsstopp (no case content).</summary>
    public const string Archive = "arkivvard";
    /// <summary>A background job acting on the law's timetable (not selectable by people).</summary>
    public const string SystemJob = "systemjobb";
    public static readonly IReadOnlyList<string> All = [CaseWork, Meeting, FollowUp, Supervision, LogReview];
}
