using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using RelayWorker.Status;
using RelayWorker.Telemetry;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Telemetry;

/// <summary>relay_route_active_source and relay_route_switches_total, observed straight from a registry.</summary>
[Collection(RelayMeterGroup.Name)]
public sealed class RelayMetricsContinuityTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();
    private readonly RouteStatusRegistry _registry = new();

    public RelayMetricsContinuityTests()
    {
        _ = new RelayMetrics(MeterFactory, _registry, _time);
    }

    private IMeterFactory MeterFactory => _services.GetRequiredService<IMeterFactory>();

    [Fact]
    public void ActiveSource_ContinuousRoute_OneSeriesPerInputOneForTheActiveOne()
    {
        var status = Add("cam1");
        ContinuousRoutes.Configure(status, SourceState.Lost, SourceState.Delivering, SourceState.Delivering);
        status.SourceSwitched("primary", "start");
        status.SourceSwitched("backup1", "loss");

        Assert.Equal(
            new Dictionary<string, int> { ["primary"] = 0, ["backup1"] = 1, ["slate"] = 0 },
            Observe<int>("relay_route_active_source").Where(m => Route(m) == "cam1").ToDictionary(m => Tag(m, "source"), m => m.Value));
    }

    [Fact]
    public void ActiveSource_BeforeTheFirstCut_EveryInputZero()
    {
        ContinuousRoutes.Configure(Add("cam1"));

        var values = Observe<int>("relay_route_active_source");

        Assert.Equal(["backup1", "primary", "slate"], values.Select(m => Tag(m, "source")).Order(StringComparer.Ordinal));
        Assert.All(values, m => Assert.Equal(0, m.Value));
    }

    [Fact]
    public void Switches_CountedByTargetAndReason()
    {
        var status = Add("cam1");
        ContinuousRoutes.Configure(status);
        status.SourceSwitched("primary", "start");
        status.SourceSwitched("backup1", "loss");
        status.SourceSwitched("slate", "loss");
        status.SourceSwitched("backup1", "recovered");
        status.SourceSwitched("primary", "failback");
        status.SourceSwitched("backup1", "loss");

        var values = Observe<long>("relay_route_switches").ToDictionary(m => (Tag(m, "to"), Tag(m, "reason")), m => m.Value);

        Assert.Equal(
            new Dictionary<(string, string), long>
            {
                [("primary", "start")] = 1, [("backup1", "loss")] = 2, [("slate", "loss")] = 1,
                [("backup1", "recovered")] = 1, [("primary", "failback")] = 1,
            },
            values);
    }

    [Fact]
    public void PlainRouteNextToAContinuousOne_HasNoSourceOrSwitchSeries()
    {
        Add("plain");
        var continuous = Add("cam1");
        ContinuousRoutes.Configure(continuous);
        continuous.SourceSwitched("primary", "start");

        Assert.DoesNotContain(Observe<int>("relay_route_active_source"), m => Route(m) == "plain");
        Assert.DoesNotContain(Observe<long>("relay_route_switches"), m => Route(m) == "plain");
        Assert.Contains(Observe<long>("relay_route_switches"), m => Route(m) == "cam1");
    }

    [Fact]
    public void Labels_AreInputNamesNeverUrls()
    {
        var status = Add("cam1");
        ContinuousRoutes.Configure(status);
        status.SourceSwitched("backup1", "loss");

        foreach (var m in Observe<int>("relay_route_active_source"))
        {
            Assert.All(m.Tags.Values, v => Assert.DoesNotContain("://", v?.ToString() ?? "", StringComparison.Ordinal));
        }
    }

    public void Dispose() => _services.Dispose();

    private RouteStatus Add(string name)
    {
        var status = _registry.GetOrAdd(name, n => new RouteStatus(n, _time));
        status.StartRun(1);
        return status;
    }

    private List<CollectedMeasurement<T>> Observe<T>(string instrument)
        where T : struct
    {
        using var collector = new MetricCollector<T>(MeterFactory, RelayMetrics.MeterName, instrument);
        collector.RecordObservableInstruments();
        return [.. collector.GetMeasurementSnapshot()];
    }

    private static string Route<T>(CollectedMeasurement<T> m)
        where T : struct => Tag(m, "route");

    private static string Tag<T>(CollectedMeasurement<T> m, string name)
        where T : struct => (string)m.Tags[name]!;
}
