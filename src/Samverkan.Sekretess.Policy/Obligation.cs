namespace Samverkan.Sekretess.Policy;

/// <summary>
/// Something the enforcement point (PEP) must do before it may act on a permit,
/// e.g. <c>("audit-read")</c> or <c>("redact", "contact")</c>. A PEP that cannot discharge
/// an obligation must deny.
/// </summary>
public sealed record Obligation(string Kind, string? Argument = null)
{
    /// <inheritdoc />
    public override string ToString() => Argument is null ? Kind : $"{Kind}:{Argument}";
}
