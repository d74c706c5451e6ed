namespace Samverkan.Sekretess.Core.Identity;

/// <summary>Configuration section <c>Authentication:Totp</c>.</summary>
public sealed class TotpOptions
{
    public const string Section = "Authentication:Totp";

    /// <summary>How many 30-second steps before and after now a code may come from (clock drift). Default 1 (±30 s).</summary>
    public int AllowedTimeStepDrift { get; set; } = 1;
}
