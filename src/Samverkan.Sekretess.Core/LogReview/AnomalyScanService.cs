using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.LogReview;

/// <summary>Configuration section "LogReview".</summary>
public sealed class LogReviewOptions
{
    public const string Section = "LogReview";

    /// <summary>How often the background scan runs the anomaly rules over new entries; zero turns it off.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Validates the anomaly and screening rule files at startup (an invalid file stops the app: fail closed) and, when
/// Hangfire is off (<paramref name="scan"/>), runs the anomaly scan on a timer so flags are ready when the DPO looks.
/// With Hangfire the scan is the audited recurring job "anomaly-scan" (NightlyChecks.ScanAnomaliesAsync).
/// </summary>
internal sealed partial class AnomalyScanService(IServiceScopeFactory scopes, AnomalyRuleSet rules, ScreeningRuleSet screening,
    AnomalyScanner scanner, IOptions<LogReviewOptions> options, TimeProvider clock, ILogger<AnomalyScanService> logger, bool scan) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        LogLoaded(rules.Rules.Count, screening.Rules.Count);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!scan || options.Value.ScanInterval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(options.Value.ScanInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var flags = await scanner.ScanAsync(scope.ServiceProvider.GetRequiredService<SekretessDbContext>(), 200_000, stoppingToken);
                if (flags > 0) LogFlags(flags);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Log review: {Rules} anomaly rules and {Screening} screening rules loaded")]
    private partial void LogLoaded(int rules, int screening);

    [LoggerMessage(Level = LogLevel.Information, Message = "Anomaly scan raised {Flags} flags")]
    private partial void LogFlags(int flags);

    [LoggerMessage(Level = LogLevel.Error, Message = "Anomaly scan failed")]
    private partial void LogFailed(Exception exception);
}
