using RelayWorker.IntegrationTests.Continuity;
using RelayWorker.IntegrationTests.Infrastructure;
using RelayWorker.IntegrationTests.Relay;

namespace RelayWorker.IntegrationTests.Observability;

/// <summary>
/// A continuous route's series as promtool and a real Prometheus server see them, from a worker whose route really
/// failed over: its primary publisher vanished from nginx-rtmp and the route cut to its backup.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class MetricsContinuityScrapeTests
{
    private const string Route = "cam1";

    [Fact(Timeout = 120_000)]
    public async Task Metrics_ContinuousRouteOnABackup_PassPromtoolAndPrometheusSeesTheActiveInputAndSwitches()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var primary = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("main"));
        await using var backup = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("backup"));
        await using var sink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl("main"), sink.Url)
            .Set($"Relay__Routes__{Route}__Backups__0", nginx.RtmpUrl("backup"))
            // A backup nobody answers, whose passphrase must never reach a label.
            .Set($"Relay__Routes__{Route}__Backups__1", "srt://127.0.0.1:9?passphrase=metrics-backup-passphrase")
            .Set($"Relay__Routes__{Route}__Slate", "builtin")
            .Set("Relay__Failover__FailbackAfter", "00:00:03")
            .Build());
        await worker.WaitForPrimaryOnAirAsync(Route, TimeSpan.FromSeconds(30));
        var lostAt = worker.Lines().Count;
        await primary.KillAsync();
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} switched to backup1 (loss)", StringComparison.Ordinal), TimeSpan.FromSeconds(10), lostAt);
        var http = worker.HttpClient;

        var exposition = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var (exitCode, lint) = await Promtool.CheckMetricsAsync(exposition);

        Assert.True(exitCode == 0 && lint.Trim().Length == 0, $"promtool check metrics (exit {exitCode}): {lint}");
        Assert.Contains("# HELP relay_route_active_source ", exposition, StringComparison.Ordinal);
        Assert.Contains("# HELP relay_route_switches_total ", exposition, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics-backup-passphrase", exposition, StringComparison.Ordinal);

        await using var prometheus = await PrometheusServer.StartAsync($"{worker.BaseAddress.Host}:{worker.BaseAddress.Port}");
        var active = await prometheus.WaitForQueryAsync($"relay_route_active_source{{route=\"{Route}\"}} == 1", r => r.Count == 1, TimeSpan.FromSeconds(30));
        Assert.Equal("backup1", active[0].Labels["source"]);
        var inputs = await prometheus.QueryAsync($"relay_route_active_source{{route=\"{Route}\"}}");
        Assert.Equal(["backup1", "backup2", "primary", "slate"], inputs.Select(s => s.Labels["source"]).Order(StringComparer.Ordinal));
        var switches = await prometheus.QueryAsync($"relay_route_switches_total{{route=\"{Route}\"}}");
        // The primary came on air once, at the start or (on a loaded machine, after the route opened on its slate)
        // off the slate; then the one loss to backup1.
        var counted = switches.Select(s => $"{s.Labels["to"]} {s.Labels["reason"]} {s.Value}").ToList();
        Assert.Contains("backup1 loss 1", counted);
        Assert.Single(counted, c => c is "primary start 1" or "primary recovered 1");
        Assert.DoesNotContain(counted, c => c.StartsWith("backup1 ", StringComparison.Ordinal) && c != "backup1 loss 1");
    }
}
