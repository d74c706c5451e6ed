namespace Samverkan.Sekretess.Policy;

/// <summary>
/// Thrown when a policy directory does not validate. It carries every error found, not just the
/// first, so that a reviewer can fix a policy change in one round. The application must refuse to
/// start (fail closed) when it sees this.
/// </summary>
public sealed class PolicyValidationException : Exception
{
    /// <summary>Creates the exception from the full list of errors.</summary>
    public PolicyValidationException(IReadOnlyList<PolicyError> errors)
        : base(BuildMessage(errors)) => Errors = errors;

    /// <summary>Creates an exception with a single message (kept for the standard exception shape).</summary>
    public PolicyValidationException() : this([]) { }

    /// <summary>Creates an exception with a single message (kept for the standard exception shape).</summary>
    public PolicyValidationException(string message) : base(message) => Errors = [new PolicyError("", 0, message)];

    /// <summary>Creates an exception with a single message and inner exception.</summary>
    public PolicyValidationException(string message, Exception innerException)
        : base(message, innerException) => Errors = [new PolicyError("", 0, message)];

    /// <summary>All errors, in file and line order.</summary>
    public IReadOnlyList<PolicyError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<PolicyError> errors) =>
        errors.Count == 0
            ? "The policy set is invalid."
            : $"The policy set has {errors.Count} error(s):{Environment.NewLine}" + string.Join(Environment.NewLine, errors);
}
