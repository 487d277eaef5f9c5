using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RelayWorker.Telemetry;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Telemetry;

[Collection(RelayMeterGroup.Name)]
public sealed class MetricsEndpointTests
{
    private static readonly string[] Routes =
    [
        "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
        "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
        "Relay__Routes__cam2__Source=rtmp://src:1935/live/cam2",
        "Relay__Routes__cam2__Destinations__0=srt://sink:8891",
        "Relay__Routes__cam2__Enabled=false",
    ];

    [Fact(Timeout = 30_000)]
    public async Task Metrics_RouteStartsStreaming_RouteUpGoesFromZeroToOne()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var child = await host.WaitForChildAsync(1);
        await host.ScrapeUntilAsync(text => Sample(text, "relay_route_up", "cam1") == 0, "relay_route_up 0 before any media");

        child.WriteProgress(outTimeMicroseconds: 1_000_000, totalSizeBytes: 1_000);

        var text = await host.ScrapeUntilAsync(t => Sample(t, "relay_route_up", "cam1") == 1, "relay_route_up 1");
        Assert.Matches(new Regex("""^relay_route_up\{[^}]*route="cam1"[^}]*\} 1( \d+)?$""", RegexOptions.Multiline), text);
        // A disabled route is off by choice: no series that could fire a route-down alert.
        Assert.Null(Sample(text, "relay_route_up", "cam2"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_ChildExits_CountsTheRestartWithItsReason()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var child = await host.WaitForChildAsync(1);

        child.Exit(1);
        await host.WaitForChildAsync(2);

        var text = await host.ScrapeUntilAsync(t => Sample(t, "relay_route_restarts_total", "cam1", "reason", "failed") == 1, "a failed restart");
        Assert.Contains("# TYPE relay_route_restarts_total counter", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_RoutesGauge_ReportsConfiguredAndOwned()
    {
        // With two replicas, replica 0 owns cam1 and replica 1 owns demo (pinned in the sharding tests).
        await using var host = await RelayTestHost.StartAsync(
            "Relay__Routes__cam1__Source=rtmp://src:1935/live/cam1",
            "Relay__Routes__cam1__Destinations__0=srt://sink:8890",
            "Relay__Routes__demo__Source=rtmp://src:1935/live/demo",
            "Relay__Routes__demo__Destinations__0=srt://sink:8891",
            "Relay__Shard__Count=2",
            "Relay__Shard__Index=0");
        await host.WaitForChildAsync(1);

        var text = await host.ScrapeUntilAsync(t => Sample(t, "relay_routes", null, "kind", "configured") == 2, "relay_routes");

        Assert.Equal(1, Sample(text, "relay_routes", null, "kind", "owned"));
        Assert.Single(host.Launcher.Children);
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_OutputBytes_GrowWithTotalSizeAcrossRuns()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        using var collector = new MetricCollector<long>(host.App.Services.GetRequiredService<IMeterFactory>(), RelayMetrics.MeterName, "relay_route_output_bytes");
        var child = await host.WaitForChildAsync(1);

        child.WriteProgress(outTimeMicroseconds: 1_000_000, totalSizeBytes: 1_000);
        Assert.Equal(1_000, OutputBytes(collector));
        child.WriteProgress(outTimeMicroseconds: 2_000_000, totalSizeBytes: 250_000);
        Assert.Equal(250_000, OutputBytes(collector));

        child.Exit(1);
        var next = await host.WaitForChildAsync(2);
        next.WriteProgress(outTimeMicroseconds: 500_000, totalSizeBytes: 300);
        Assert.Equal(250_300, OutputBytes(collector));

        await host.ScrapeUntilAsync(t => Sample(t, "relay_route_output_bytes_total", "cam1") == 250_300, "relay_route_output_bytes_total 250300");
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_Exposition_HasTheDesignNamesAndNoUrlInAnyLabel()
    {
        await using var host = await RelayTestHost.StartAsync(Routes);
        var child = await host.WaitForChildAsync(1);
        child.WriteProgress(outTimeMicroseconds: 1_000_000, totalSizeBytes: 1_000);

        var text = await host.ScrapeUntilAsync(t => Sample(t, "relay_route_up", "cam1") == 1, "relay_route_up 1");

        // relay_route_restarts_total is checked by the restart test: it has no series before the first restart.
        foreach (var (name, type) in new[]
        {
            ("relay_route_up", "gauge"), ("relay_route_output_bytes_total", "counter"),
            ("relay_route_uptime_seconds", "gauge"), ("relay_route_fps", "gauge"), ("relay_route_speed", "gauge"), ("relay_routes", "gauge"),
        })
        {
            Assert.Contains($"# TYPE {name} {type}", text, StringComparison.Ordinal);
        }
        Assert.Equal(25, Sample(text, "relay_route_fps", "cam1"));
        Assert.DoesNotContain(text.Split('\n').Where(l => l.StartsWith("relay_", StringComparison.Ordinal)), l => l.Contains("://", StringComparison.Ordinal));
    }

    private static long OutputBytes(MetricCollector<long> collector)
    {
        collector.RecordObservableInstruments();
        return collector.GetMeasurementSnapshot().Last(m => Equals(m.Tags["route"], "cam1")).Value;
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> with the given labels, or null.</summary>
    internal static double? Sample(string exposition, string metric, string? route, string? label = null, string? value = null)
    {
        foreach (var line in exposition.Split('\n'))
        {
            var match = Regex.Match(line, $"^{Regex.Escape(metric)}\\{{(?<labels>[^}}]*)\\}} (?<value>[^ ]+)");
            if (!match.Success)
            {
                continue;
            }
            var labels = match.Groups["labels"].Value;
            if ((route is null || labels.Contains($"route=\"{route}\"", StringComparison.Ordinal))
                && (label is null || labels.Contains($"{label}=\"{value}\"", StringComparison.Ordinal)))
            {
                return double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return null;
    }
}
