namespace Samverkan.Sekretess.Core.Access;

/// <summary>Configuration section "Policies": where the policy files live.</summary>
public sealed class PolicyOptions
{
    public const string Section = "Policies";
    /// <summary>Folder with the policy set; relative paths are resolved against the content root and its parents.</summary>
    public string Directory { get; set; } = "policies";
    /// <summary>Reload the set when its files change (validated and golden-tested first; audited). Off unless configured.</summary>
    public bool WatchForChanges { get; set; }
}
