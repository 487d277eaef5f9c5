using RelayWorker.IntegrationTests.Protocols;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Continuity;

/// <summary>
/// A continuous route whose output stage encodes: the route's own rung to an SRT listener and a rendition to a UDP
/// viewer, from one decode of the spliced stream. Through a loss and a failback the encoder must keep each rung's
/// promise (size, a keyframe every fps × 2 frames) on one connection per destination, whatever the inputs did.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class ContinuousLadderTests(ITestOutputHelper output)
{
    private const string Route = "cam1";

    [Fact(Timeout = 150_000)]
    public async Task ContinuousRoute_WithARungAndARendition_KeepsBothRungsThroughLossAndFailback()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var primary = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("main"), width: 640, height: 360);
        await using var backup = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("backup"), width: 640, height: 360);
        await using var srt = await SrtSink.StartAsync();
        await using var udp = UdpSink.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl("main"), srt.Url)
            .Set($"Relay__Routes__{Route}__Profile", "144p4")
            .Set($"Relay__Routes__{Route}__Renditions__mid__Profile", "288p12")
            .Set($"Relay__Routes__{Route}__Renditions__mid__Destinations__0", udp.Url)
            .Set($"Relay__Routes__{Route}__Backups__0", nginx.RtmpUrl("backup"))
            .Set("Relay__Failover__FailbackAfter", "00:00:03")
            .Build());
        using var report = worker.ReportTo(output);

        await srt.WaitForBytesAsync(1, TimeSpan.FromSeconds(30));
        await worker.WaitForPrimaryOnAirAsync(Route, TimeSpan.FromSeconds(30));
        var onAir = MonotonicClock.Now;
        var lostAt = worker.Lines().Count;
        await primary.KillAsync();
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} switched to backup1 (loss)", StringComparison.Ordinal), TimeSpan.FromSeconds(10), lostAt);
        await udp.WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 20 * 1316);
        var backAt = worker.Lines().Count;
        await primary.RestartAsync();
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} switched to primary (failback)", StringComparison.Ordinal), TimeSpan.FromSeconds(30), backAt);
        // Two of the low rung's GOPs after the failback: its keyframe cadence is judged past the second switch.
        var failback = MonotonicClock.Now;
        Assert.NotNull(await udp.MediaMovingAfterAsync(failback, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(15)));
        var end = MonotonicClock.Now;
        var (longestUdpGap, _, _) = udp.GapsUntil(end);

        Assert.Equal(1, srt.Connections);
        Assert.Equal(0, srt.Disconnections);
        Assert.Single(udp.SourcePorts);
        Assert.True(longestUdpGap < UdpSink.CountedGap.TotalSeconds, $"the UDP viewer waited {longestUdpGap:0.00} s for media");
        Assert.DoesNotContain(worker.Lines(), l => l.Contains($"Route {Route}: restarting", StringComparison.Ordinal));
        var midSeconds = udp.MediaSecondsBetween(onAir, end) ?? 0;
        var wallSeconds = MonotonicClock.Seconds(onAir, end);
        Assert.True(Math.Abs(midSeconds - wallSeconds) <= 1.0, $"the rendition's viewer got {midSeconds:0.00} s of media over {wallSeconds:0.00} s");

        await worker.DisposeAsync();
        await srt.StopAsync();
        var clock = await CapturedClock.ReadAsync(srt.CaptureFile);
        var packets = await VideoPackets.ReadAsync(srt.CaptureFile, TimeSpan.FromSeconds(20));
        output.WriteLine(clock.Describe());
        output.WriteLine($"keyframe distances [{string.Join(", ", packets.KeyframeDistances)}]");
        Assert.Equal("", clock.DecodeErrors);
        Assert.Equal(0, clock.VideoDtsBackwards);
        Assert.Equal((0, 0), (clock.VideoSqueezedSteps, clock.AudioSqueezedSteps));
        Assert.Equal(["256,144,yuv420p"], clock.VideoFormats);
        Assert.True(packets.KeyframeDistances.Count >= 4, $"only {packets.KeyframeDistances.Count} whole GOPs");
        Assert.All(packets.KeyframeDistances, distance => Assert.Equal(8, distance));
    }
}
