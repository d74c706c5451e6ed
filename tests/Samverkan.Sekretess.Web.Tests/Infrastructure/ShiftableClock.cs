namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>The system clock plus an offset a test can move forward (token expiry) and back.</summary>
public sealed class ShiftableClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
