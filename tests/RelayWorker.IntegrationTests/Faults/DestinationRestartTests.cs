using System.Diagnostics;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Faults;

[Collection(TestLanes.Main)]
public sealed class DestinationRestartTests(ITestOutputHelper output)
{
    private const string Route = "cam1";
    private static readonly TimeSpan SinkDown = TimeSpan.FromSeconds(4);

    [Fact(Timeout = 120_000)]
    public async Task Supervisor_SrtListenerDestinationRestarts_MediaResumesThereWithoutOperatorAction()
    {
        // SRT is connection-oriented, so the relay does notice its destination going away (a UDP destination
        // would not: its datagrams just vanish), and it must reconnect once a listener is back on the port.
        await using var sink = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, FaultWorker.TestPattern(Route), sink.Url)
            .SmallProfile(Route)
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(15));
        var firstChild = Assert.Single(worker.FfmpegChildren());
        var lineBefore = worker.Lines().Count;

        // SIGINT: srt-live-transmit closes its socket and the port stays free for the whole outage.
        await sink.StopAsync();
        var down = Stopwatch.StartNew();
        await Poll.UntilAsync(() => !ProcFs.IsAlive(firstChild), TimeSpan.FromSeconds(15),
            $"ffmpeg pid {firstChild} to give up on its vanished destination");
        var noticedAfter = down.Elapsed;
        // The listener stays away for SinkDown in all; meanwhile the worker keeps retrying (and backing off).
        await Poll.UntilAsync(() => down.Elapsed >= SinkDown, SinkDown + TimeSpan.FromSeconds(1), "the sink's downtime");
        var startsWhileDown = worker.StartedPids(Route, lineBefore).Count;

        await sink.RestartAsync();
        var back = Stopwatch.StartNew();
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(30), minimumGrowth: 1316);
        var recovery = back.Elapsed;
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10));
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(10));

        var route = await worker.RouteAsync(Route);
        var restarts = route.Restarts("failed") + route.Restarts("exited");
        output.WriteLine($"ffmpeg gave up {noticedAfter.TotalMilliseconds:0} ms after the sink stopped; {startsWhileDown} start(s) while it was down; "
            + $"media at the new listener {recovery.TotalMilliseconds:0} ms after it started; restarts by reason: {route.GetProperty("restartsByReason")}");
        Assert.True(restarts >= 1, $"expected restarts counted as failed or exited, got {route.GetProperty("restartsByReason")}");
        Assert.Equal(0, route.Restarts("killed"));
        Assert.Equal(2, sink.Lives);
        Assert.True(sink.Connections >= 2, $"the new listener accepted no caller ({sink.Connections} connections in all)");
        Assert.NotEqual(firstChild, route.Pid());
        // Backoff in SinkDown (4 s) reaches at most a 2 s delay; add an SRT connection attempt (3 s at most).
        Assert.True(recovery < TimeSpan.FromSeconds(8), $"media reached the restarted listener only after {recovery.TotalSeconds:0.0} s");
    }
}
