using System.Diagnostics;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Faults;

[Collection(TestLanes.Waiting)]
public sealed class ChildKillTests(ITestOutputHelper output)
{
    private const int Kills = 20;
    private const string Route = "cam1";

    // Every run is allowed to last this long before it is killed, so each kill hits a "good" run and the design
    // says its restart is immediate. The default (60 s) would make twenty kills take twenty minutes.
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(1);

    [Fact(Timeout = 180_000)]
    public async Task Supervisor_TwentyConsecutiveSigkills_EachReplacedAndMediaFlowsBeforeTheNext()
    {
        // A UDP sink has no connection to lose, so what is measured is the worker's recovery alone (an SRT
        // listener would need ~5 s to notice each killed caller).
        await using var sink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), sink.Url)
            .SmallProfile(Route)
            .Set("Relay__Restart__StableAfter", "00:00:01")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10));

        var seen = new HashSet<int>();
        var replacedAfter = new List<TimeSpan>();
        var mediaAfter = new List<TimeSpan>();
        for (var kill = 1; kill <= Kills; kill++)
        {
            var victim = await WaitForStableRunAsync(worker);
            Assert.True(seen.Add(victim), $"pid {victim} was already killed once");

            var clock = Stopwatch.StartNew();
            Assert.True(UnixSignal.Send(victim, UnixSignal.Kill), $"kill #{kill}: pid {victim} was already gone");
            await Poll.UntilAsync(() => worker.FfmpegChildren() is [var replacement] && replacement != victim,
                TimeSpan.FromSeconds(5), $"a replacement for pid {victim} (kill #{kill})");
            replacedAfter.Add(clock.Elapsed);
            // The victim is dead by now, so any datagram from here on is the replacement's: its first one is the
            // recovery time, and a sustained flow (about half a second of media) is proof before the next kill.
            await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 1);
            mediaAfter.Add(clock.Elapsed);
            await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10));
        }

        // The last replacement settles into Running (its first progress block may trail its first datagrams).
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(10));
        var route = await worker.RouteAsync(Route);
        output.WriteLine($"kill -> new child: {FaultWorker.Summary(replacedAfter)}; kill -> first media at sink: {FaultWorker.Summary(mediaAfter)}");
        Assert.Equal(Kills, route.Restarts("killed"));
        Assert.Equal(Kills, route.GetProperty("restarts").GetInt32());
        Assert.Equal("Running", route.State());
        // Each kill followed a run longer than StableAfter, so each restart was immediate: no backoff crept in.
        Assert.DoesNotMatch(@"restarting \(killed\) in [1-9]", worker.Output);
        Assert.All(replacedAfter, t => Assert.True(t < TimeSpan.FromSeconds(2), $"a replacement took {t.TotalMilliseconds:0} ms"));
        Assert.All(mediaAfter, t => Assert.True(t < TimeSpan.FromSeconds(4), $"media came back {t.TotalMilliseconds:0} ms after a kill"));
    }

    /// <summary>The route's current child once it has streamed for StableAfter (its uptime resets with each run).</summary>
    private static async Task<int> WaitForStableRunAsync(WorkerProcess worker)
    {
        int? pid = null;
        await Poll.UntilAsync(
            async () =>
            {
                var route = await worker.RouteAsync(Route);
                pid = route.Pid();
                // StableAfter counts streamed time, first to last progress block, and blocks come every second:
                // a margin of two blocks makes sure the run counts as stable when it is killed.
                return pid is not null && route.State() == "Running" && route.UptimeSeconds() >= StableAfter.TotalSeconds + 2.0;
            },
            TimeSpan.FromSeconds(15),
            "the route running for longer than StableAfter");
        return pid!.Value;
    }
}
