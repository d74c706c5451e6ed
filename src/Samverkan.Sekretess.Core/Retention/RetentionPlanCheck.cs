using Microsoft.Extensions.Hosting;

namespace Samverkan.Sekretess.Core.Retention;

/// <summary>Loads the document-management plan when the host starts, so an invalid plan stops the app (fail closed, file:line).</summary>
internal sealed class RetentionPlanCheck(Func<RetentionPlan> load) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = load();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
