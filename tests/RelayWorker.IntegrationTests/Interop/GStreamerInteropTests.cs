using RelayWorker.IntegrationTests.Protocols;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Interop;

/// <summary>
/// Another implementation at both ends: GStreamer 1.22 encodes (its own MPEG-TS muxer and SRT client) and
/// plays every destination kind (its SRT, RTMP, HLS and UDP clients with libav's H.264 decoder). Each case
/// counts frames GStreamer actually decoded.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class GStreamerInteropTests(ITestOutputHelper output)
{
    private const string Passphrase = "interop-secret-42";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DecodeTimeout = TimeSpan.FromSeconds(20);

    /// <summary>A second of media: decoding this many frames proves a picture sequence, not one lucky frame.</summary>
    private const int OneSecondOfFrames = GstEncoder.FramesPerSecond;

    [Fact(Timeout = 90_000)]
    public async Task GstMpegTsSourceCalledByRoute_RtmpUdpAndHlsDestinations_GStreamerDecodesEach()
    {
        await using var nginx = await NginxRtmpServer.StartAsync(waitForVideo: true);
        var sourcePort = FreePort.Udp();
        var udpPort = FreePort.Udp();
        await using var encoder = GstEncoder.StartSrtListener(sourcePort);
        await Poll.UntilAsync(() => LoopbackPort.IsUdpBound(sourcePort), StartTimeout, "the GStreamer encoder to listen");
        var hlsDirectory = Path.Combine(nginx.HlsDirectory, "gst");
        // mpegtsmux tags H.264 as HDMV: the RTMP slave of the tee used to refuse it and retry forever.
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("gst", $"srt://127.0.0.1:{sourcePort}", nginx.RtmpUrl("gst"), $"udp://127.0.0.1:{udpPort}?pkt_size=1316", $"hls://{hlsDirectory}")
            .Build());
        using var report = worker.ReportTo(output);
        // A player that joins a stream already under way.
        await worker.WaitForMediaSecondsAsync("gst", 4, StartTimeout);

        await using (var rtmp = GstViewer.Rtmp(nginx.RtmpUrl("gst")))
        {
            await rtmp.WaitForFramesAsync(OneSecondOfFrames, DecodeTimeout);
        }
        await using (var udp = GstViewer.Udp(udpPort))
        {
            await udp.WaitForFramesAsync(OneSecondOfFrames, DecodeTimeout);
        }
        await Poll.UntilAsync(() => File.Exists(Path.Combine(hlsDirectory, "index.m3u8")), DecodeTimeout, "the HLS playlist");
        await using (var hls = GstViewer.Hls(new Uri(nginx.HlsBaseUrl, "gst/index.m3u8")))
        {
            await hls.WaitForFramesAsync(OneSecondOfFrames, DecodeTimeout);
        }

        // One publish session of ours the whole time: nginx never had to refuse a second one.
        Assert.DoesNotContain("already publishing", nginx.Log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("incompatible", worker.Output, StringComparison.Ordinal);
        // A mid-GOP join makes the probe's decoder complain; that is expected and not logged as an error.
        Assert.DoesNotContain(worker.Lines(), l => l.Contains(" ERR]", StringComparison.Ordinal) && l.Contains("PPS", StringComparison.Ordinal));
    }

    [Fact(Timeout = 90_000)]
    public async Task GstCallerPushesIntoListeningRouteWithPassphrase_SrtCallerDestination_DecodesAndResumesAtTheLiveEdgeAfterAnOutage()
    {
        var routePort = FreePort.Udp();
        var viewerPort = FreePort.Udp();
        var firstViewer = GstViewer.SrtListener(viewerPort, Passphrase);
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("push", $"srt://127.0.0.1:{routePort}?passphrase={Passphrase}", $"srt://127.0.0.1:{viewerPort}?passphrase={Passphrase}&pbkeylen=16")
            .Set("Relay__Routes__push__Listen", "true")
            .Build());
        using var report = worker.ReportTo(output);
        await Poll.UntilAsync(() => LoopbackPort.IsUdpBound(routePort), StartTimeout, "the route to listen");
        await using var encoder = GstEncoder.StartSrtCaller(routePort, Passphrase);

        await using (firstViewer)
        {
            await firstViewer.WaitForFramesAsync(2 * OneSecondOfFrames, StartTimeout);
        }

        // The viewer is gone for a while; whatever the route does meanwhile, the returning viewer must get
        // the live edge, not the media of the outage.
        var outage = TimeSpan.FromSeconds(8);
        await Poll.UntilAsync(() => !LoopbackPort.IsUdpBound(viewerPort), StartTimeout, "the viewer to be gone");
        var restartedAt = DateTime.UtcNow + outage;
        await Poll.UntilAsync(() => DateTime.UtcNow >= restartedAt, outage + TimeSpan.FromSeconds(1), "the outage to last");
        await using var returning = GstViewer.SrtListener(viewerPort, Passphrase);
        await returning.WaitForFramesAsync(1, StartTimeout);
        var firstThree = await returning.FramesInFirstAsync(TimeSpan.FromSeconds(3));

        output.WriteLine($"returning viewer: {firstThree} frames in its first 3 s");
        AssertLiveEdge(firstThree, outage);
    }

    [Fact(Timeout = 90_000)]
    public async Task ListeningDestinationWithPassphraseJoinedLate_GstCaller_StartsAtTheLiveEdge()
    {
        var sourcePort = FreePort.Udp();
        var destinationPort = FreePort.Udp();
        await using var encoder = GstEncoder.StartSrtListener(sourcePort);
        await Poll.UntilAsync(() => LoopbackPort.IsUdpBound(sourcePort), StartTimeout, "the GStreamer encoder to listen");
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("late", $"srt://127.0.0.1:{sourcePort}", $"srt://127.0.0.1:{destinationPort}?mode=listener&passphrase={Passphrase}")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.Process.WaitForLineAsync(l => l.Contains("ffmpeg started", StringComparison.Ordinal), StartTimeout);

        // Nobody watches for a while: the source keeps arriving and must not queue up for the first viewer.
        var unwatched = TimeSpan.FromSeconds(12);
        var joinAt = DateTime.UtcNow + unwatched;
        await Poll.UntilAsync(() => DateTime.UtcNow >= joinAt, unwatched + TimeSpan.FromSeconds(1), "the unwatched stretch to pass");
        await using var viewer = GstViewer.SrtCaller(destinationPort, Passphrase);
        var firstThree = await viewer.FramesInFirstAsync(TimeSpan.FromSeconds(3));
        await viewer.WaitForFramesAsync(Math.Max(firstThree, 1) + OneSecondOfFrames, DecodeTimeout);

        output.WriteLine($"late viewer: {firstThree} frames in its first 3 s after {unwatched.TotalSeconds} s unwatched");
        AssertLiveEdge(firstThree, unwatched);
    }

    /// <summary>
    /// At most one GOP plus about a second of media beyond the 3 s of real time: a player that got the
    /// backlog of <paramref name="missed"/> would decode that much more, as fast as it can.
    /// </summary>
    private static void AssertLiveEdge(int framesInFirstThreeSeconds, TimeSpan missed)
    {
        const int limit = (3 * GstEncoder.FramesPerSecond) + GstEncoder.GopFrames + GstEncoder.FramesPerSecond;
        Assert.True(missed.TotalSeconds * GstEncoder.FramesPerSecond > limit, "the wait must be long enough for a backlog to show");
        Assert.InRange(framesInFirstThreeSeconds, 0, limit);
    }
}
