using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayWorker.Supervision;

namespace RelayWorker.Health;

/// <summary>
/// Alive while the supervisor loop runs. Deliberately blind to the streams themselves: an upstream
/// outage must not make Kubernetes restart a pod that is doing its job of retrying.
/// </summary>
internal sealed class SupervisorLivenessCheck(RelaySupervisor supervisor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(supervisor.ExecuteTask is { IsCompleted: true }
            ? HealthCheckResult.Unhealthy("the supervisor loop has ended")
            : HealthCheckResult.Healthy("supervisor running"));
}
