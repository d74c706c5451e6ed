namespace Samverkan.Sekretess.Policy;

/// <summary>The outcome of a decision. Only <see cref="Permit"/> lets the caller proceed.</summary>
public enum Effect
{
    /// <summary>Default: nothing permitted it, a forbid matched, or evaluation failed.</summary>
    Deny = 0,

    /// <summary>At least one permit matched and no forbid matched or failed.</summary>
    Permit = 1,
}
