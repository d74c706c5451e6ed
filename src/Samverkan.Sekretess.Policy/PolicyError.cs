namespace Samverkan.Sekretess.Policy;

/// <summary>One validation error in a policy file, addressed as <c>file:line</c> for editors and CI logs.</summary>
public sealed record PolicyError(string File, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: {Message}";
}
