using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samverkan.Sekretess.Core.Audit;
using Samverkan.Sekretess.Core.Data;

namespace Samverkan.Sekretess.Core.Hosting;

/// <summary>
/// Writes a signed checkpoint of the audit chain head every Audit:CheckpointInterval (registered when
/// Audit:CheckpointsEnabled, the default) — unless Hangfire runs the audited job "kontrollpunkt" instead (<paramref name="sign"/> false) —
/// and always one at shutdown.
/// Either way a missing or bad signing key stops the host at startup (fail closed).
/// With several app instances each writes checkpoints; they are files named by sequence, so that is harmless.
/// </summary>
internal sealed partial class AuditCheckpointService(IServiceScopeFactory scopes, AuditCheckpoints checkpoints,
    IOptions<AuditCheckpointOptions> options, TimeProvider clock, ILogger<AuditCheckpointService> logger, bool sign) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        checkpoints.ValidateConfiguration();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sign) return;
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var written = await checkpoints.WriteAsync(scope.ServiceProvider.GetRequiredService<SekretessDbContext>(), stoppingToken);
                if (written is { } w) LogWritten(w.Checkpoint.Sequence, w.Path);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// After the loop has stopped, one more checkpoint of the head, with or without Hangfire: entries written since the last
    /// periodic one would otherwise be unconfirmed for as long as the app is down. Hosted services stop after the web server
    /// has drained its requests (and the jobs server, registered later, stops before this), so the head is final for this instance.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var written = await checkpoints.WriteAsync(scope.ServiceProvider.GetRequiredService<SekretessDbContext>(), cancellationToken);
            if (written is { } w) LogWritten(w.Checkpoint.Sequence, w.Path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint signed at entry {Sequence}: {Path}")]
    private partial void LogWritten(long sequence, string path);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit checkpoint failed; the chain may be broken or the folder unwritable")]
    private partial void LogFailed(Exception exception);
}
