using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using RelayWorker.Configuration;
using RelayWorker.Status;
using RelayWorker.Telemetry;

namespace RelayWorker.Tests.Telemetry;

public sealed class MetricSeriesRoomTests
{
    [Fact]
    public void LimitFor_FewRoutesAtStart_KeepsRoomForTheMinimumAndFewRuntimeSeries()
    {
        var room = new MetricSeriesRoom(Options(routes: 3, destinations: 1, backups: 0));
        using var relay = new Meter(RelayMetrics.MeterName);
        using var runtime = new Meter("System.Runtime");

        Assert.Equal(MetricSeriesRoom.MinimumRoutes, room.Routes);
        Assert.Equal(MetricSeriesRoom.MinimumRoutes * (RestartReason.All.Count + 2), room.LimitFor(relay.CreateCounter<long>("relay_route_restarts")));
        Assert.Equal(MetricSeriesRoom.MinimumRoutes, room.LimitFor(relay.CreateGauge<double>("relay_route_speed")));
        Assert.Equal(MetricSeriesRoom.RuntimeSeries, room.LimitFor(runtime.CreateCounter<long>("dotnet.gc.collections")));
    }

    [Fact]
    public void LimitFor_ManyWideRoutes_DoublesWhatTheConfigurationAtStartNeeds()
    {
        var room = new MetricSeriesRoom(Options(routes: 800, destinations: 3, backups: 2));
        using var relay = new Meter(RelayMetrics.MeterName);

        Assert.Equal(1600, room.Routes);
        Assert.Equal(6, room.OutputsPerRoute);
        // The primary, two backups and the slate, twice over.
        Assert.Equal(8, room.InputsPerRoute);
        Assert.Equal(1600 * 6, room.LimitFor(relay.CreateGauge<int>("relay_destination_up")));
        Assert.Equal(1600 * 8 * 4, room.LimitFor(relay.CreateCounter<long>("relay_route_switches")));
    }

    [Fact]
    public void Configure_CountGauge_RenamesItAndSetsItsLimit()
    {
        var room = new MetricSeriesRoom(Options(routes: 1, destinations: 1, backups: 0));
        using var runtime = new Meter("System.Runtime");

        var stream = room.Configure(runtime.CreateGauge<long>("dotnet.timer.count"));

        Assert.Equal("dotnet.timers", stream.Name);
        Assert.Equal(MetricSeriesRoom.RuntimeSeries, stream.CardinalityLimit);
    }

    [Fact]
    public void WarnOnReloadsBeyond_ReloadPastTheRoom_WarnsOnceWithTheShapeAndNotForOneThatFits()
    {
        var monitor = new ReloadingOptionsMonitor(Options(routes: 10, destinations: 1, backups: 0));
        using var room = new MetricSeriesRoom(monitor.CurrentValue);
        var logger = new FakeLogger<MetricSeriesRoom>();
        room.WarnOnReloadsBeyond(monitor, logger);

        monitor.Reload(Options(routes: 400, destinations: 2, backups: 0));
        monitor.Reload(Options(routes: 1200, destinations: 1, backups: 0));
        monitor.Reload(Options(routes: 1200, destinations: 1, backups: 0));

        var warning = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Contains("1200 routes", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"sized at start for {MetricSeriesRoom.MinimumRoutes}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("otel_metric_overflow", warning.Message, StringComparison.Ordinal);
    }

    private static RelayOptions Options(int routes, int destinations, int backups)
    {
        var options = new RelayOptions();
        for (var i = 0; i < routes; i++)
        {
            var route = new RouteOptions { Source = $"rtmp://src/live/r{i}" };
            route.Destinations.AddRange(Enumerable.Range(0, destinations).Select(d => $"srt://sink:{9000 + d}"));
            route.Backups.AddRange(Enumerable.Range(0, backups).Select(b => $"rtmp://backup{b}/live/r{i}"));
            options.Routes[$"r{i}"] = route;
        }
        return options;
    }

    private sealed class ReloadingOptionsMonitor(RelayOptions initial) : IOptionsMonitor<RelayOptions>
    {
        private readonly List<Action<RelayOptions, string?>> _listeners = [];

        public RelayOptions CurrentValue { get; private set; } = initial;

        public RelayOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<RelayOptions, string?> listener)
        {
            _listeners.Add(listener);
            return null;
        }

        public void Reload(RelayOptions changed)
        {
            CurrentValue = changed;
            _listeners.ForEach(listener => listener(changed, null));
        }
    }
}
