namespace RelayWorker.Tests.Deployment;

/// <summary>
/// The Prometheus names the worker exports (README.md, section "Metrics"), in one place: dashboards and alerts
/// that query anything else would show nothing, silently.
/// </summary>
internal static class ExportedMetrics
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "relay_route_up",
        "relay_route_restarts_total",
        "relay_route_output_bytes_total",
        "relay_route_uptime_seconds",
        "relay_route_fps",
        "relay_route_speed",
        "relay_routes",
        "relay_destination_up",
        "relay_route_active_source",
        "relay_route_switches_total",
    };

    public static void AssertOnlyExported(string promQl)
    {
        var metrics = PromQlMetricNames.Of(promQl);

        Assert.True(metrics.Count > 0, $"no metric found in '{promQl}'");
        Assert.All(metrics, metric => Assert.True(Names.Contains(metric), $"'{promQl}' queries {metric}, which the worker does not export"));
    }
}
