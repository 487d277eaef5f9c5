using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RelayWorker.Configuration;
using RelayWorker.IntegrationTests.Faults;
using RelayWorker.IntegrationTests.Infrastructure;
using RelayWorker.IntegrationTests.Relay;
using RelayWorker.Status;

namespace RelayWorker.IntegrationTests.Observability;

/// <summary>
/// A continuous route's series as promtool and a real Prometheus server see them, from a worker whose route's real
/// ffmpeg streams. The continuous route's runner is not built on this branch: the test makes the RouteStatus calls
/// it will make (inputs configured, switches).
/// </summary>
public sealed class MetricsContinuityScrapeTests
{
    private const string Route = "cam1";

    [Fact(Timeout = 120_000)]
    public async Task Metrics_ContinuousRouteOnABackup_PassPromtoolAndPrometheusSeesTheActiveInputAndSwitches()
    {
        await using var sink = UdpSink.Start();
        await using var worker = await InProcessWorker.StartAsync(new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), sink.Url)
            .Set($"Relay__Routes__{Route}__Backups__0", "srt://127.0.0.1:9?passphrase=metrics-backup-passphrase")
            .Set($"Relay__Routes__{Route}__Slate", "builtin")
            .SmallProfile(Route)
            .Build());
        var status = await worker.WaitUntilStreamingAsync(Route, TimeSpan.FromSeconds(30));
        status.ContinuityConfigured(ContinuitySources.Of(worker.App.Services.GetRequiredService<IOptionsMonitor<RelayOptions>>().CurrentValue.Routes[Route]));
        status.SourceSwitched("primary", "start");
        status.SourceSwitched("backup1", "loss");
        using var http = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

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
        Assert.Equal(["backup1", "primary", "slate"], inputs.Select(s => s.Labels["source"]).Order(StringComparer.Ordinal));
        var switches = await prometheus.QueryAsync($"relay_route_switches_total{{route=\"{Route}\"}}");
        Assert.Equal(
            ["backup1 loss 1", "primary start 1"],
            switches.Select(s => $"{s.Labels["to"]} {s.Labels["reason"]} {s.Value}").Order(StringComparer.Ordinal));
    }
}
