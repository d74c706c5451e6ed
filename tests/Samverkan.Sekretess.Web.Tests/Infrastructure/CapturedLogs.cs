using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Samverkan.Sekretess.Web.Tests.Infrastructure;

/// <summary>
/// Every log line (Debug and above, with exception text and scope-free state) written by every test
/// host in this test process, so a test can scan them for personal data.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public static readonly CapturedLogs Provider = new();

    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
