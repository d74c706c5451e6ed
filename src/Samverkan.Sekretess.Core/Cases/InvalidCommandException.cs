namespace Samverkan.Sekretess.Core.Cases;

/// <summary>A command the caller can fix; the message is Swedish UI text and never echoes the input.</summary>
public sealed class InvalidCommandException : Exception
{
    public InvalidCommandException() { }
    public InvalidCommandException(string message) : base(message) { }
    public InvalidCommandException(string message, Exception inner) : base(message, inner) { }
}
