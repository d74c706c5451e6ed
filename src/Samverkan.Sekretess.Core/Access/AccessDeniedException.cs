namespace Samverkan.Sekretess.Core.Access;

/// <summary>
/// Thrown after a denied access has been audited. Web maps it to 404 so a caller cannot tell
/// "forbidden" from "does not exist". The message carries no ids or personal data.
/// </summary>
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException() : base("Access denied.") { }
    public AccessDeniedException(string message) : base(message) { }
    public AccessDeniedException(string message, Exception inner) : base(message, inner) { }
}
