using Microsoft.Extensions.Time.Testing;
using RelayWorker.Configuration;
using RelayWorker.Events;
using RelayWorker.Status;
using RelayWorker.Tests.Status;

namespace RelayWorker.Tests.Events;

public sealed class EventHubTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RouteStatusRegistry _registry = new();

    [Fact]
    public void Events_FromSeveralRoutes_HaveIdsThatGrowByOne()
    {
        using var hub = new EventHub(_registry, _time);
        var cam1 = Add("cam1");
        var cam2 = Add("cam2");

        cam1.RunStarting(1);
        cam2.RunStarting(1);
        cam1.ProgressReceived(RouteStatusSteps.Block(1_000_000, 100), advanced: true);
        cam1.DestinationsChanged([new DestinationView(DestinationState.Up, null)]);
        cam2.BackingOff(RestartReason.Failed, TimeSpan.FromSeconds(1));

        var events = hub.Recent();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        Assert.Equal(events.Count, hub.LastId);
        Assert.Equal(
            ["route-added cam1", "route-added cam2", "state cam1 Stopped>Starting", "state cam2 Stopped>Starting",
             "state cam1 Starting>Running", "destination cam1 Connecting>Up", "restart cam2 failed", "state cam2 Starting>BackingOff"],
            events.Select(Describe));
    }

    [Fact]
    public void Subscribe_WithLastEventId_GetsOnlyTheEventsAfterItThenLiveOnes()
    {
        using var hub = new EventHub(_registry, _time);
        for (var i = 0; i < 5; i++)
        {
            hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });
        }

        using var subscription = hub.Subscribe(lastEventId: 3);
        hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = false });

        Assert.Equal([4L, 5L], subscription.Backlog.Select(e => e.Id));
        Assert.False(subscription.MissedSome);
        Assert.True(subscription.Live.TryRead(out var live));
        Assert.Equal(6, live.Id);
        Assert.False(live.Accepted);
    }

    [Fact]
    public void Subscribe_WithoutLastEventId_GetsLiveEventsOnly()
    {
        using var hub = new EventHub(_registry, _time);
        hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });

        using var subscription = hub.Subscribe(lastEventId: null);
        hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });

        Assert.Empty(subscription.Backlog);
        Assert.True(subscription.Live.TryRead(out var live));
        Assert.Equal(2, live.Id);
    }

    [Fact]
    public void Ring_KeepsTheNewestEventsOnly_AndAResumeBehindItIsToldSo()
    {
        using var hub = new EventHub(_registry, _time, capacity: 10);
        for (var i = 0; i < 25; i++)
        {
            hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });
        }

        using var subscription = hub.Subscribe(lastEventId: 3);

        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), hub.Recent().Select(e => e.Id));
        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), subscription.Backlog.Select(e => e.Id));
        Assert.True(subscription.MissedSome);
    }

    [Fact]
    public void Subscribe_WithAnIdAboveTheNewest_GetsEverythingHeld()
    {
        // The client saw a previous process of the worker, whose ids ran higher.
        using var hub = new EventHub(_registry, _time);
        hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });
        hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });

        using var subscription = hub.Subscribe(lastEventId: 500);

        Assert.Equal([1L, 2L], subscription.Backlog.Select(e => e.Id));
    }

    [Fact]
    public void Subscriber_ThatFallsTooFarBehind_IsCutOffAndTheHubGoesOn()
    {
        using var hub = new EventHub(_registry, _time);
        using var subscription = hub.Subscribe(lastEventId: null);

        for (var i = 0; i < EventHub.SubscriberBuffer + 1; i++)
        {
            hub.Publish(new RelayEvent { Kind = RelayEventKind.Configuration, Accepted = true });
        }

        Assert.True(subscription.Overflowed);
        var read = 0;
        while (subscription.Live.TryRead(out _))
        {
            read++;
        }
        Assert.Equal(EventHub.SubscriberBuffer, read);
        Assert.True(subscription.Live.Completion.IsCompleted);
        Assert.Equal(EventHub.SubscriberBuffer + 1, hub.LastId);
    }

    [Fact]
    public void Tick_RunningRouteWhoseMediaStopped_ReportsFrozenAndItsDestinationNoLongerUp()
    {
        using var hub = new EventHub(_registry, _time);
        var cam1 = Add("cam1");
        cam1.RunStarting(1);
        cam1.ProgressReceived(RouteStatusSteps.Block(1_000_000, 100), advanced: true);
        cam1.DestinationsChanged([new DestinationView(DestinationState.Up, null)]);
        var before = hub.LastId;

        _time.Advance(TimeSpan.FromSeconds(3));

        var frozen = hub.Recent().Where(e => e.Id > before).Select(Describe).ToList();
        Assert.Equal(["state cam1 Running>Frozen", "destination cam1 Up>Connecting"], frozen);
        Assert.StartsWith("media has not advanced", hub.Recent()[^2].Reason, StringComparison.Ordinal);
        // Nothing new on the next tick: an event is a change, not a reminder.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(before + 2, hub.LastId);
    }

    [Fact]
    public void ConfigurationJudged_Refused_CarriesEveryProblem()
    {
        using var hub = new EventHub(_registry, _time);
        var problems = new ConfigurationProblems();
        problems.Add("Relay__Routes__cam1__Source", "missing");
        problems.Add("Relay__StallTimout", "unknown setting");

        _registry.ConfigurationJudged(new ConfigurationVerdict(new RelayOptions(), problems, null));

        var refused = Assert.Single(hub.Recent());
        Assert.Equal(RelayEventKind.Configuration, refused.Kind);
        Assert.False(refused.Accepted);
        Assert.Equal(["Relay__Routes__cam1__Source: missing", "Relay__StallTimout: unknown setting"], refused.Problems!);
    }

    [Fact]
    public void RemovedRoute_IsAnEvent_AndItsLaterChangesAreNot()
    {
        using var hub = new EventHub(_registry, _time);
        var cam1 = Add("cam1");
        _registry.Remove("cam1");
        var last = hub.LastId;

        cam1.RunStarting(1);

        Assert.Equal("route-removed cam1", Describe(hub.Recent()[^1]));
        Assert.Equal(last, hub.LastId);
    }

    private RouteStatus Add(string name) => _registry.GetOrAdd(name, n => new RouteStatus(n, _time));

    private static string Describe(RelayEvent e) => e.Kind switch
    {
        RelayEventKind.State => $"state {e.Route} {e.From}>{e.To}",
        RelayEventKind.Destination => $"destination {e.Route} {e.From}>{e.To}",
        RelayEventKind.Restart => $"restart {e.Route} {e.Reason}",
        _ => $"{e.Kind} {e.Route}",
    };
}
