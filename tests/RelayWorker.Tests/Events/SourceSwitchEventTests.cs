using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RelayWorker.Events;
using RelayWorker.Status;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Events;

/// <summary>The <c>source</c> event: one per switch a continuous route's runner reports through its RouteStatus.</summary>
[Collection(RelayMeterGroup.Name)]
public sealed class SourceSwitchEventTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RouteStatusRegistry _registry = new();

    [Fact]
    public void Switches_EachGivesOneSourceEventWithTheInputLeftTheInputTakenAndWhy()
    {
        using var hub = new EventHub(_registry, _time);
        var cam1 = _registry.GetOrAdd("cam1", n => new RouteStatus(n, _time));
        ContinuousRoutes.Configure(cam1, SourceState.Delivering, SourceState.Delivering, SourceState.Delivering);

        cam1.SourceSwitched("primary", "start");
        cam1.SourceSwitched("backup1", "loss");
        cam1.SourceSwitched("slate", "loss");
        cam1.SourceSwitched("backup1", "recovered");
        cam1.SourceSwitched("primary", "failback");

        var switches = hub.Recent().Where(e => e.Kind == RelayEventKind.SourceSwitch).ToList();
        Assert.Equal(
            ["cam1 ->primary start", "cam1 primary->backup1 loss", "cam1 backup1->slate loss", "cam1 slate->backup1 recovered", "cam1 backup1->primary failback"],
            switches.Select(e => $"{e.Route} {e.From}->{e.To} {e.Reason}"));
        Assert.All(switches, e => Assert.Null(e.Destination));
    }

    [Fact]
    public void SourceStatesChanging_WithoutASwitch_GiveNoSourceEvent()
    {
        using var hub = new EventHub(_registry, _time);
        var cam1 = _registry.GetOrAdd("cam1", n => new RouteStatus(n, _time));

        ContinuousRoutes.Configure(cam1, SourceState.Lost, SourceState.BackingOff, SourceState.Delivering);
        ContinuousRoutes.Configure(cam1, SourceState.Delivering, SourceState.Delivering, SourceState.Delivering);

        Assert.DoesNotContain(hub.Recent(), e => e.Kind == RelayEventKind.SourceSwitch);
    }

    [Fact]
    public void Diff_TwoSwitchesInOneSnapshot_AreBothReported()
    {
        var before = new RouteSnapshot("cam1") { IsContinuous = true, ActiveSource = "primary" };
        var after = before with
        {
            ActiveSource = "backup1",
            Switches = before.Switches.Add(new SwitchKey("backup1", "loss"), 2),
        };

        var events = SnapshotDiff.Between(before, after, ShownRoute.Of(before, _time.GetUtcNow()), _time.GetUtcNow())
            .Where(e => e.Kind == RelayEventKind.SourceSwitch).ToList();

        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(("backup1", "loss"), (e.To, e.Reason)));
    }

    [Fact(Timeout = 30_000)]
    public async Task Worker_RouteStatusSwitch_ReachesTheEventStreamAsJsonWithKindSource()
    {
        await using var host = await RelayTestHost.StartAsync(
            "Relay__Routes__cam1__Source=srt://127.0.0.1:9000", "Relay__Routes__cam1__Destinations__0=srt://sink:8890");
        var registry = host.App.Services.GetRequiredService<RouteStatusRegistry>();
        await Eventually.True(() => registry.Find("cam1") is not null, "cam1 in the registry");
        var status = registry.Find("cam1")!;
        ContinuousRoutes.Configure(status);
        status.SourceSwitched("primary", "start");
        status.SourceSwitched("slate", "loss");

        var hub = host.App.Services.GetRequiredService<EventHub>();
        var last = hub.Recent().Last(e => e.Kind == RelayEventKind.SourceSwitch);
        // As /api/events and the webhooks write it.
        var json = System.Text.Json.JsonSerializer.Serialize(last, RelayWorker.Api.RelayEventJsonContext.Default.RelayEvent);

        Assert.Contains("\"kind\":\"source\"", json, StringComparison.Ordinal);
        Assert.Contains("\"route\":\"cam1\",\"from\":\"primary\",\"to\":\"slate\",\"reason\":\"loss\"", json, StringComparison.Ordinal);
    }
}
