namespace Samverkan.Sekretess.Core.BreakGlass;

/// <summary>
/// A nödåtkomst: one user's time-boxed elevation in one case for acute danger (ground NÖD), with a mandatory reason.
/// It stays open for review until a data-protection officer of the user's authority closes the review task.
/// </summary>
internal sealed class BreakGlassSession
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string UserId { get; set; } = "";
    public Guid AuthorityId { get; set; }
    public string ReasonCipher { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary>Stopped by the user, or found expired (then set to the expiry time).</summary>
    public DateTime? EndedAt { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewedByUserId { get; set; }
    public string? ReviewNoteCipher { get; set; }
}

/// <summary>Configuration section "BreakGlass".</summary>
public sealed class BreakGlassOptions
{
    public const string Section = "BreakGlass";

    /// <summary>How long an elevation lasts (default one hour).</summary>
    public int DurationMinutes { get; set; } = 60;
}

/// <summary>A session as the DPO reviews it: who, when, why — no case content.</summary>
public sealed record BreakGlassReviewView(
    Guid Id, Guid CaseId, string CaseReference, string UserName, DateTime StartedAt, DateTime ExpiresAt, DateTime? EndedAt, string Reason,
    int AccessCount, DateTime? ReviewedAt, string? ReviewerName, string? ReviewNote);
