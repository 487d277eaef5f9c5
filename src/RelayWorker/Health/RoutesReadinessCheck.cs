using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayWorker.Status;
using RelayWorker.Supervision;

namespace RelayWorker.Health;

/// <summary>
/// Ready when every enabled route this replica owns is streaming. A continuous route on its slate streams (its
/// destinations get the card) but has no source: it is not ready, and it is named apart so an operator reads that no
/// source delivers rather than that the route is broken.
/// </summary>
internal sealed class RoutesReadinessCheck(RelaySupervisor supervisor, RouteStatusRegistry registry, TimeProvider timeProvider) : IHealthCheck
{
    public const string NotStreamingKey = "notStreaming";

    public const string OnSlateKey = "onSlate";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!supervisor.Started)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("routes not started yet"));
        }
        var now = timeProvider.GetUtcNow();
        var enabled = registry.Snapshots.Where(r => r.State != RouteState.Disabled).ToList();
        var notStreaming = enabled.Where(r => !r.IsStreamingAt(now) || r.IsOnSlate).Select(r => r.Name).ToArray();
        var onSlate = enabled.Where(r => r.IsOnSlate).Select(r => r.Name).ToArray();
        return Task.FromResult(notStreaming.Length == 0
            ? HealthCheckResult.Healthy("every route is streaming")
            : HealthCheckResult.Unhealthy(
                $"{notStreaming.Length} route(s) not streaming" + (onSlate.Length == 0 ? "" : $"; on its slate, no source delivering: {string.Join(", ", onSlate)}"),
                data: new Dictionary<string, object> { [NotStreamingKey] = notStreaming, [OnSlateKey] = onSlate }));
    }
}
