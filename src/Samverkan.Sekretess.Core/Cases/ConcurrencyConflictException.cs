namespace Samverkan.Sekretess.Core.Cases;

/// <summary>Someone else saved first. The message is Swedish UI text; nothing was overwritten.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException() : base("Någon annan har ändrat uppgiften medan du redigerade. Ladda om sidan och gör om ändringen.") { }
    public ConcurrencyConflictException(string message) : base(message) { }
    public ConcurrencyConflictException(string message, Exception inner) : base(message, inner) { }
}
