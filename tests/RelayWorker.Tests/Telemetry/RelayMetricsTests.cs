using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using RelayWorker.FFmpeg;
using RelayWorker.Status;
using RelayWorker.Telemetry;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Telemetry;

/// <summary>The instruments observed straight from a registry, without a host or an exporter.</summary>
[Collection(RelayMeterGroup.Name)]
public sealed class RelayMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();
    private readonly RouteStatusRegistry _registry = new();

    public RelayMetricsTests()
    {
        _ = new RelayMetrics(MeterFactory, _registry, _time);
    }

    private IMeterFactory MeterFactory => _services.GetRequiredService<IMeterFactory>();

    [Fact]
    public void RouteUp_RunningStartingAndDisabledRoutes_OneZeroAndNoSeries()
    {
        Add("running").ProgressReceived(Block(1_000_000, 100), advanced: true);
        Add("starting");
        Add("off", started: false).Disabled();

        var values = Observe<int>("relay_route_up");

        Assert.Equal(new Dictionary<string, int> { ["running"] = 1, ["starting"] = 0 }, values);
    }

    [Fact]
    public void Restarts_CountedPerRouteAndReason()
    {
        var status = Add("cam1");
        status.BackingOff(RestartReason.Failed, TimeSpan.Zero);
        status.StartRun(2);
        status.BackingOff(RestartReason.Failed, TimeSpan.FromMilliseconds(100));
        status.StartRun(3);
        status.MarkStalled();
        status.BackingOff(RestartReason.Stalled, TimeSpan.Zero);

        using var collector = Collector<long>("relay_route_restarts");
        collector.RecordObservableInstruments();

        var byReason = collector.GetMeasurementSnapshot()
            .ToDictionary(m => (string)m.Tags["reason"]!, m => (m.Value, (string)m.Tags["route"]!));
        // Every known reason has a series from 0, so Prometheus' increase() sees the first restart.
        Assert.Equal(
            new Dictionary<string, (long, string)>
            {
                ["exited"] = (0, "cam1"), ["failed"] = (2, "cam1"), ["stalled"] = (1, "cam1"),
                ["start_timeout"] = (0, "cam1"), ["killed"] = (0, "cam1"), ["start_failed"] = (0, "cam1"), ["reconfigured"] = (0, "cam1"), ["manual"] = (0, "cam1"), ["source_format"] = (0, "cam1"), ["frozen"] = (0, "cam1"),
            },
            byReason);
    }

    [Fact]
    public void Uptime_FollowsFakeTime()
    {
        var status = Add("cam1");
        for (var second = 1; second <= 90; second++)
        {
            status.ProgressReceived(Block(second * 1_000_000L, 100), advanced: true);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(90, Observe<double>("relay_route_uptime")["cam1"]);
    }

    [Fact]
    public void FpsSpeedAndBackoff_ReportLiveValuesOrZero()
    {
        Add("cam1").ProgressReceived(Block(1_000_000, 100), advanced: true);
        Add("cam2").BackingOff(RestartReason.Failed, TimeSpan.FromMilliseconds(1500));

        Assert.Equal(new Dictionary<string, double> { ["cam1"] = 25, ["cam2"] = 0 }, Observe<double>("relay_route_fps"));
        Assert.Equal(new Dictionary<string, double> { ["cam1"] = 1.5, ["cam2"] = 0 }, Observe<double>("relay_route_speed"));
        Assert.Equal(new Dictionary<string, double> { ["cam1"] = 0, ["cam2"] = 1.5 }, Observe<double>("relay_route_backoff"));
    }

    [Fact]
    public void Routes_ReportsConfiguredAndOwnedCounts()
    {
        _registry.ConfiguredCount = 5;
        _registry.OwnedCount = 2;
        using var collector = Collector<int>("relay_routes");

        collector.RecordObservableInstruments();

        var byKind = collector.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["kind"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, int> { ["configured"] = 5, ["owned"] = 2 }, byKind);
    }

    [Fact]
    public void Labels_AreRouteNamesNeverUrls()
    {
        var status = Add("cam1");
        status.Describe(TestRoutes.Create());
        status.BackingOff(RestartReason.Failed, TimeSpan.Zero);

        foreach (var instrument in new[] { "relay_route_restarts", "relay_route_output_bytes" })
        {
            using var collector = Collector<long>(instrument);
            collector.RecordObservableInstruments();
            Assert.All(collector.GetMeasurementSnapshot(), m =>
                Assert.All(m.Tags.Values, v => Assert.DoesNotContain("://", v?.ToString() ?? "", StringComparison.Ordinal)));
        }
    }

    public void Dispose() => _services.Dispose();

    private RouteStatus Add(string name, bool started = true)
    {
        var status = _registry.GetOrAdd(name, n => new RouteStatus(n, _time));
        if (started)
        {
            status.StartRun(1);
        }
        return status;
    }

    private Dictionary<string, T> Observe<T>(string instrument)
        where T : struct
    {
        using var collector = Collector<T>(instrument);
        collector.RecordObservableInstruments();
        return collector.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["route"]!, m => m.Value);
    }

    private MetricCollector<T> Collector<T>(string instrument)
        where T : struct => new(MeterFactory, RelayMetrics.MeterName, instrument);


    private static ProgressSnapshot Block(long outTimeUs, long totalSize) =>
        new(Frame: 10, Fps: 25, BitrateKbps: 1000, totalSize, outTimeUs, DupFrames: 0, DropFrames: 0, Speed: 1.5, Ended: false);
}
