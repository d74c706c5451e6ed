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

    /// <summary>The last few Error/Critical lines from any test host, so a failed setup step names the server's exception.</summary>
    public string RecentErrors(int count = 4) => string.Join("\n", _lines
        .Where(l => l.StartsWith("Error ", StringComparison.Ordinal) || l.StartsWith("Critical ", StringComparison.Ordinal))
        .Where(l => !l.Contains("__EFMigrationsHistory", StringComparison.Ordinal)) // every fresh database's first probe
        .TakeLast(count).Select(Abridged));

    // Messages and the first two frames of each exception: the few lines a CI summary shows should name every error.
    private static string Abridged(string entry)
    {
        var kept = new List<string>();
        var frames = 0;
        foreach (var line in entry.Split('\n'))
        {
            var isFrame = line.TrimStart().StartsWith("at ", StringComparison.Ordinal);
            frames = isFrame ? frames + 1 : 0;
            if (!isFrame || frames <= 2) kept.Add(line.TrimEnd('\r'));
        }

        var text = string.Join("\n", kept);
        return text.Length > 1500 ? text[..1500] : text;
    }

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
