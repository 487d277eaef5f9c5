using Microsoft.Extensions.DependencyInjection;
using RelayWorker.Status;
using RelayWorker.Tests.Deployment;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Telemetry;

/// <summary>A continuous route's series in the Prometheus exposition, as a scrape and promtool see them.</summary>
[Collection(RelayMeterGroup.Name)]
public sealed class MetricsContinuityEndpointTests
{
    private static readonly string[] Routes =
    [
        "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
        "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
        "Relay__Routes__plain__Source=rtmp://src:1935/live/plain",
        "Relay__Routes__plain__Destinations__0=srt://sink:8891",
    ];

    [Fact(Timeout = 60_000)]
    public async Task Metrics_ContinuousRouteOnABackup_ExportsActiveSourceAndSwitchesThatPassPromtool()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var registry = host.App.Services.GetRequiredService<RouteStatusRegistry>();
        await Eventually.True(() => registry.Find("cam1") is not null && registry.Find("plain") is not null, "both routes in the registry");
        // What the continuous route's runner reports: inputs, the first cut to the primary, then its loss.
        var status = registry.Find("cam1")!;
        ContinuousRoutes.Configure(status, SourceState.Lost, SourceState.Delivering, SourceState.Delivering);
        status.SourceSwitched("primary", "start");
        status.SourceSwitched("backup1", "loss");

        var text = await host.ScrapeUntilAsync(
            t => MetricsEndpointTests.Sample(t, "relay_route_active_source", "cam1", "source", "backup1") == 1, "cam1 on backup1");

        Assert.Equal(0, MetricsEndpointTests.Sample(text, "relay_route_active_source", "cam1", "source", "primary"));
        Assert.Equal(0, MetricsEndpointTests.Sample(text, "relay_route_active_source", "cam1", "source", "slate"));
        Assert.Equal(1, MetricsEndpointTests.Sample(text, "relay_route_switches_total", "cam1", "reason", "loss"));
        Assert.Equal(1, MetricsEndpointTests.Sample(text, "relay_route_switches_total", "cam1", "to", "primary"));
        Assert.Contains("# TYPE relay_route_active_source gauge", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE relay_route_switches_total counter", text, StringComparison.Ordinal);
        Assert.Null(MetricsEndpointTests.Sample(text, "relay_route_active_source", "plain"));
        Assert.Null(MetricsEndpointTests.Sample(text, "relay_route_switches_total", "plain"));

        var lint = await ExternalTool.RunWithInputAsync("promtool", AppContext.BaseDirectory, text, "check", "metrics");
        Assert.True(lint.ExitCode == 0 && lint.Output.Trim().Length == 0, $"promtool check metrics (exit {lint.ExitCode}): {lint.Output}");
    }
}
