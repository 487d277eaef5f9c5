using RelayWorker.IntegrationTests.Infrastructure;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Observability;

/// <summary>/metrics as Prometheus and its linter see it, from a worker relaying real media.</summary>
[Collection(TestLanes.Main)]
public sealed class MetricsScrapeTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Metrics_WhileRelaying_PassPromtoolAndAPrometheusServerSeesTheRouteUp()
    {
        await using var sink = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", "testsrc://cam1?size=320x240&rate=25", sink.Url)
            .Set("Relay__Routes__spare__Source", "testsrc://spare")
            .Set("Relay__Routes__spare__Destinations__0", "srt://127.0.0.1:9?mode=listener")
            .Set("Relay__Routes__spare__Enabled", "false")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync("cam1", TimeSpan.FromSeconds(30));

        var exposition = await worker.HttpClient.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var (exitCode, lint) = await Promtool.CheckMetricsAsync(exposition);
        Assert.True(exitCode == 0 && lint.Trim().Length == 0, $"promtool check metrics (exit {exitCode}): {lint}");
        foreach (var name in new[] { "relay_route_up", "relay_route_output_bytes_total", "relay_route_uptime_seconds", "relay_route_fps", "relay_route_speed", "relay_routes" })
        {
            Assert.Contains($"# HELP {name} ", exposition, StringComparison.Ordinal);
        }
        Assert.Matches("relay_routes\\{[^}]*kind=\"configured\"[^}]*\\} 2", exposition);
        Assert.Matches("relay_routes\\{[^}]*kind=\"owned\"[^}]*\\} 2", exposition);
        Assert.DoesNotMatch("relay_route_up\\{[^}]*route=\"spare\"", exposition);

        await using var prometheus = await PrometheusServer.StartAsync($"127.0.0.1:{worker.Port}");
        var up = await prometheus.WaitForQueryAsync("relay_route_up{route=\"cam1\"} == 1", r => r.Count == 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, up[0].Value);
        var bytes = await prometheus.WaitForQueryAsync("relay_route_output_bytes_total{route=\"cam1\"}", r => r.Count == 1 && r[0].Value > 0, TimeSpan.FromSeconds(15));
        Assert.True(bytes[0].Value > 0);
    }
}
