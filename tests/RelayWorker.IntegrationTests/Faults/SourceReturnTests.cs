using System.Diagnostics;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Faults;

/// <summary>
/// A plain RTMP route after its source came back: a publisher returning into the play session nginx-rtmp held for the
/// route, and the whole server gone for a while. What a viewer sees is the media clock of what reaches it (PTS per
/// writing ffmpeg), not bytes: a relay fed frozen timestamps keeps sending bytes.
/// </summary>
[Collection(TestLanes.Waiting)]
public sealed class SourceReturnTests(ITestOutputHelper output)
{
    private const string Route = "cam1";

    /// <summary>A viewer's media moves once it has received this much advancing media time from one ffmpeg.</summary>
    private static readonly TimeSpan MovingSpan = TimeSpan.FromMilliseconds(500);

    [Fact(Timeout = 120_000)]
    public async Task Supervisor_PublisherReturnsIntoTheHeldSession_RestartsAsFrozenAndTheViewersMediaMovesAgain()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl(Route));
        await using var sink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl(Route), sink.Url)
            // Far beyond the test: a restart for a stall cannot be what brings the media back.
            .Set("Relay__StallTimeout", "00:02:00")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        Assert.NotNull(await sink.MediaMovingAfterAsync(MonotonicClock.Now, MovingSpan, TimeSpan.FromSeconds(20)));
        // The route must have run for a while: the returning publisher's clock then starts far below what was relayed.
        await Poll.UntilAsync(async () => (await worker.RouteAsync(Route)).UptimeSeconds() >= 6, TimeSpan.FromSeconds(20), "six seconds of media");

        // Shorter than ffmpeg's 10 s read timeout: the relay's play session stays open in nginx while the publisher is away.
        await publisher.StopAsync();
        var gone = Stopwatch.StartNew();
        await Poll.UntilAsync(() => gone.Elapsed >= TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), "the publisher's outage to last its time");
        var back = MonotonicClock.Now;
        await publisher.RestartAsync();

        await Poll.UntilAsync(async () => (await worker.RouteAsync(Route)).Restarts("frozen") >= 1, TimeSpan.FromSeconds(20),
            "the route to be restarted for its frozen source clock");
        var frozenAfter = MonotonicClock.SecondsSince(back);
        var moving = await sink.MediaMovingAfterAsync(back, MovingSpan, TimeSpan.FromSeconds(20));

        Assert.True(moving is not null, "the viewer's media did not move again after the publisher returned");
        var route = await worker.RouteAsync(Route);
        Assert.Equal(0, route.Restarts("stalled"));
        output.WriteLine($"publisher back -> restart as frozen seen by the API {frozenAfter:0.00} s; -> {MovingSpan.TotalSeconds:0.0} s of moving media at the viewer "
            + $"{MonotonicClock.Seconds(back, moving.Value):0.00} s");
    }

    [Fact(Timeout = 150_000)]
    public async Task Supervisor_RtmpServerGoneTwentySeconds_AtMostOneStartPerTwoSecondsAndMediaMovesSoonAfter()
    {
        var outage = TimeSpan.FromSeconds(20);
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl(Route));
        await using var sink = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl(Route), sink.Url)
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, TimeSpan.FromSeconds(30));
        Assert.NotNull(await sink.MediaMovingAfterAsync(MonotonicClock.Now, MovingSpan, TimeSpan.FromSeconds(20)));

        var lineBefore = worker.Lines().Count;
        await nginx.StopAsync();
        var gone = Stopwatch.StartNew();
        await Poll.UntilAsync(() => gone.Elapsed >= outage, outage + TimeSpan.FromSeconds(10), "the server's outage to last its time");
        var startsDuringOutage = worker.StartedPids(Route, lineBefore).Count;

        await nginx.StartAgainAsync();
        var back = MonotonicClock.Now;
        await publisher.RestartAsync();
        // A deadline for the condition, generous for a loaded machine: the old backoff reached 8-16 s delays in 20 s.
        var moving = await sink.MediaMovingAfterAsync(back, MovingSpan, TimeSpan.FromSeconds(10));

        output.WriteLine($"{startsDuringOutage} ffmpeg start(s) during the {outage.TotalSeconds:0} s outage; restart delays (ms): "
            + $"{string.Join(", ", worker.RestartDelays(lineBefore))}; server back -> {MovingSpan.TotalSeconds:0.0} s of moving media at the viewer "
            + (moving is { } at ? $"{MonotonicClock.Seconds(back, at):0.00} s" : "never"));
        Assert.InRange(startsDuringOutage, 1, (int)(outage.TotalSeconds / 2) + 1);
        Assert.True(moving is not null, "the viewer's media did not move within 10 s of the server's return");
    }
}
