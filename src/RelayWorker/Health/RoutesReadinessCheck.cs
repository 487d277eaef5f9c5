using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayWorker.Status;
using RelayWorker.Supervision;

namespace RelayWorker.Health;

/// <summary>Ready when every enabled route this replica owns is streaming.</summary>
internal sealed class RoutesReadinessCheck(RelaySupervisor supervisor, RouteStatusRegistry registry, TimeProvider timeProvider) : IHealthCheck
{
    public const string NotStreamingKey = "notStreaming";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!supervisor.Started)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("routes not started yet"));
        }
        var now = timeProvider.GetUtcNow();
        var notStreaming = registry.Snapshots
            .Where(r => r.State != RouteState.Disabled && !r.IsStreamingAt(now))
            .Select(r => r.Name)
            .ToArray();
        return Task.FromResult(notStreaming.Length == 0
            ? HealthCheckResult.Healthy("every route is streaming")
            : HealthCheckResult.Unhealthy(
                $"{notStreaming.Length} route(s) not streaming",
                data: new Dictionary<string, object> { [NotStreamingKey] = notStreaming }));
    }
}
