namespace Samverkan.Sekretess.Core.Retention;

/// <summary>Configuration section "Retention".</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// Folder the archive packages (arkivleveranser) are written to, e.g. a share the e-archive imports from. Empty:
    /// records the plan says to keep (bevara) are not delivered and stay untouched on the approved list until it is set.
    /// </summary>
    public string? ArchiveDirectory { get; set; }
}
