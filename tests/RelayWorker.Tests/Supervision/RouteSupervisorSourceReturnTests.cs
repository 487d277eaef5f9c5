using System.Net;
using RelayWorker.Configuration;
using RelayWorker.Status;
using RelayWorker.Supervision;
using RelayWorker.Tests.Supervision.Fakes;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

/// <summary>A route with an RTMP source between failed runs: the backoff, cut short once the source's server accepts again.</summary>
[Collection(TimeoutGroup.Name)]
public sealed class RouteSupervisorSourceReturnTests
{
    // A backoff long enough to tell its end from the probes: the second short run waits 4-8 s.
    private static RestartOptions SlowRestart() => new()
    {
        InitialDelay = TimeSpan.FromSeconds(8),
        MaxDelay = TimeSpan.FromSeconds(30),
        StableAfter = TimeSpan.FromMinutes(1),
    };

    [Fact(Timeout = 20_000)]
    public async Task Supervise_ServerRefusesThenAccepts_StartsAtTheFirstProbeThatAcceptsNotAtTheEndOfTheBackoff()
    {
        var probe = new ScriptedProbe(acceptsFromProbe: 3);
        await using var harness = new SupervisorHarness(restart: SlowRestart(), sourceProbe: probe);
        var first = await harness.StartAsync();
        first.Exit(1);
        var second = await harness.Launcher.WaitForChildAsync(2);
        // The first restart after a start is immediate, as before: no probe is asked.
        Assert.Equal(first.StartedAt, second.StartedAt);
        Assert.Equal(0, probe.Asked);

        var mark = harness.Time.TimerCount;
        second.Exit(1);
        await Eventually.True(() => harness.Status.State == RouteState.BackingOff, "the route to back off");
        Assert.InRange(harness.Status.Snapshot.CurrentBackoff!.Value.TotalSeconds, 4, 8);
        await AdvanceTimersUntilAsync(harness, mark, () => harness.Launcher.Attempts >= 3);
        var third = await harness.Launcher.WaitForChildAsync(3);

        // Not before the 2 s start spacing (refused at 2.0 and 2.5 s), then the first probe that was accepted.
        Assert.Equal(3, probe.Asked);
        Assert.Equal(second.StartedAt + TimeSpan.FromSeconds(3), third.StartedAt);
        Assert.Equal(new Dictionary<string, long> { [RestartReason.Failed] = 2 }, harness.Status.Snapshot.Restarts);
    }

    [Fact(Timeout = 20_000)]
    public async Task Supervise_ServerAcceptsButFfmpegFailsAtOnce_WaitsTheWholeBackoff()
    {
        var probe = new ScriptedProbe(acceptsFromProbe: 1);
        await using var harness = new SupervisorHarness(restart: SlowRestart(), sourceProbe: probe);
        var first = await harness.StartAsync();
        first.Exit(1);
        var second = await harness.Launcher.WaitForChildAsync(2);

        var mark = harness.Time.TimerCount;
        second.Exit(1);
        await Eventually.True(() => harness.Status.State == RouteState.BackingOff, "the route to back off");
        var announced = harness.Status.Snapshot.CurrentBackoff!.Value;
        await AdvanceTimersUntilAsync(harness, mark, () => harness.Launcher.Attempts >= 3);
        var third = await harness.Launcher.WaitForChildAsync(3);

        Assert.True(probe.Asked > 0);
        // The announced delay, to the millisecond the wait's timers count in.
        Assert.InRange(third.StartedAt - second.StartedAt, announced, announced + TimeSpan.FromMilliseconds(1));
    }

    /// <summary>Moves fake time to each timer the supervisor arms after the mark until the condition holds.</summary>
    private static async Task AdvanceTimersUntilAsync(SupervisorHarness harness, int mark, Func<bool> done)
    {
        for (var step = 0; step < 200 && !done(); step++)
        {
            await Eventually.True(() => done() || harness.Time.TimerCount > mark, "the supervisor to arm its next timer");
            if (done() || !harness.Time.TryFindTimerSince(mark, _ => true, out var due))
            {
                return;
            }
            mark = harness.Time.TimerCount;
            harness.Time.Advance(due);
        }
    }

    private sealed class ScriptedProbe(int acceptsFromProbe) : ISourceProbe
    {
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public Task<bool> AcceptsAsync(DnsEndPoint server, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            return Task.FromResult(Interlocked.Increment(ref _asked) >= acceptsFromProbe);
        }
    }
}
