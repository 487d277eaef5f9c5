using System.Diagnostics;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Continuity;

/// <summary>
/// A continuous route between real servers: sources published to nginx-rtmp, an SRT listener and a UDP viewer as
/// destinations. What is judged is what the destinations got: one connection each, and a stream whose clock never
/// runs backwards and keeps to the wall clock through every switch.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const string Route = "cam1";
    private static readonly TimeSpan SwitchDeadline = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 150_000)]
    public async Task ContinuousRoute_PrimaryLostThenBack_FailsOverAndBackOnOneConnectionPerDestination()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var primary = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("main"));
        await using var backup = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("backup"));
        await using var srt = await SrtSink.StartAsync();
        await using var udp = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl("main"), srt.Url, udp.Url)
            .Set($"Relay__Routes__{Route}__Backups__0", nginx.RtmpUrl("backup"))
            .Set("Relay__Failover__FailbackAfter", "00:00:03")
            .Build());
        using var report = worker.ReportTo(output);

        // From the first byte at the sink: the capture holds everything from there, whichever input came first.
        await srt.WaitForBytesAsync(1, TimeSpan.FromSeconds(30));
        var wall = Stopwatch.StartNew();
        await worker.WaitForPrimaryOnAirAsync(Route, TimeSpan.FromSeconds(30));
        var onAir = MonotonicClock.Now;

        // A publisher that vanishes (SIGKILL): nginx keeps the relay's session open, but nothing comes through it.
        var lostAt = worker.Lines().Count;
        await primary.KillAsync();
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} switched to backup1 (loss)", StringComparison.Ordinal), SwitchDeadline, lostAt);
        await srt.WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 100 * 1316);

        var backAt = worker.Lines().Count;
        await primary.RestartAsync();
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} switched to primary (failback)", StringComparison.Ordinal), TimeSpan.FromSeconds(30), backAt);
        await srt.WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 100 * 1316);
        var end = MonotonicClock.Now;
        var (longestUdpGap, _, _) = udp.GapsUntil(end);
        wall.Stop();

        Assert.Equal(1, srt.Connections);
        Assert.Equal(0, srt.Disconnections);
        Assert.Single(udp.SourcePorts);
        Assert.True(longestUdpGap < UdpSink.CountedGap.TotalSeconds, $"the UDP viewer waited {longestUdpGap:0.00} s for media");
        Assert.DoesNotContain(worker.Lines(), l => l.Contains($"Route {Route}: restarting", StringComparison.Ordinal));

        await worker.DisposeAsync();
        await srt.StopAsync();
        var clock = await CapturedClock.ReadAsync(srt.CaptureFile);
        output.WriteLine(clock.Describe());
        Assert.Equal("", clock.DecodeErrors);
        Assert.Equal(0, clock.VideoDtsBackwards);
        Assert.Equal(0, clock.AudioDtsBackwards);
        Assert.Equal((0, 0), (clock.VideoSqueezedSteps, clock.AudioSqueezedSteps));
        Assert.True(clock.LargestVideoStep <= 1.0, $"the output clock jumped {clock.LargestVideoStep:0.000} s");
        // From the primary on air to the end, through both switches: the output clock keeps to the wall clock, within
        // the one second a cut may step it. Not from the first byte: a start sends the source's latest GOP at once (a
        // viewer starts on a keyframe), so from there the media clock leads the wall clock by up to a GOP.
        var mediaSeconds = udp.MediaSecondsBetween(onAir, end) ?? 0;
        var wallSeconds = MonotonicClock.Seconds(onAir, end);
        output.WriteLine($"from the first byte: {clock.VideoSpanSeconds:0.00} s of media over {wall.Elapsed.TotalSeconds:0.00} s; from on air: {mediaSeconds:0.00} s over {wallSeconds:0.00} s");
        Assert.True(Math.Abs(mediaSeconds - wallSeconds) <= 1.0, $"the UDP viewer got {mediaSeconds:0.00} s of media over {wallSeconds:0.00} s from the primary on air");
    }
}
