using System.Globalization;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>
/// A ladder rung is a promise about the bytes on the wire: size, frame rate, bitrate and keyframe spacing from the
/// README.md ladder table and its rules (constant rate, a keyframe every fps × 2 frames). ffprobe checks each.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class LadderProfileTests(ITestOutputHelper output)
{
    // Enough media for six two-second GOPs, so the bitrate is measured over five complete ones.
    private const double MediaSeconds = 13;

    [Fact(Timeout = 90_000)]
    public async Task Ladder_288p12FromA720p25RtmpPublisher_SrtCaptureMatchesTheRung()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        // The production path: a real H.264 720p25 feed decoded, scaled, resampled to 12 fps and re-encoded.
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("cam1"), width: 1280, height: 720, frameRate: 25);
        await publisher.WaitUntilPublishingAsync(TimeSpan.FromSeconds(15));

        await AssertRungAsync(nginx.RtmpUrl("cam1"), new Rung("288p12", 512, 288, 12, 125));
    }

    [Fact(Timeout = 90_000)]
    public async Task Ladder_144p4FromTheBuiltInTestPattern_SrtCaptureMatchesTheRung()
    {
        // The worker's own 720p25 pattern: the lowest-rate moving rung without a second encoder on the machine.
        await AssertRungAsync("testsrc://ladder?size=1280x720&rate=25", new Rung("144p4", 256, 144, 4, 20));
    }

    private async Task AssertRungAsync(string source, Rung rung)
    {
        await using var sink = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("ladder", source, sink.Url)
            .Set("Relay__Routes__ladder__Profile", rung.Name)
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync("ladder", TimeSpan.FromSeconds(30));
        await worker.WaitForMediaSecondsAsync("ladder", MediaSeconds, TimeSpan.FromSeconds(45));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 1316);

        var probe = await sink.ProbeAsync();
        var packets = await VideoPackets.ReadAsync(sink.CaptureFile, TimeSpan.FromSeconds(20));
        var kbps = packets.WholeGopKilobitsPerSecond;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rung.Name}: {probe.Video?.Width}x{probe.Video?.Height} avg_frame_rate {probe.Video?.AvgFrameRate}, {kbps:0.0} kbit/s over whole GOPs, keyframe distances [{string.Join(", ", packets.KeyframeDistances)}], {packets.Packets.Count} packets"));

        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal((rung.Width, rung.Height), (probe.Video?.Width, probe.Video?.Height));
        Assert.Equal(rung.Fps, probe.Video?.FramesPerSecond);
        // Every GOP exactly fps × KeyframeSeconds (2) frames long: -g, -keyint_min and no scene-cut keyframes.
        Assert.NotEmpty(packets.KeyframeDistances);
        Assert.All(packets.KeyframeDistances, distance => Assert.Equal(rung.Fps * 2, distance));
        // README.md promises a constant rate (b = minrate = maxrate), so the rung's rate over whole GOPs, ±20%.
        // Media time, not wall time, is the divisor, so a slow machine does not move it. libx264 treats minrate
        // as a hint: only a CBR HRD (-x264-params nal-hrd=cbr, filler data) holds it; plain VBV capping gives
        // about 62% of the rung on this test pattern, which a link sized for the rung would never see.
        Assert.InRange(kbps, rung.VideoKbps * 0.8, rung.VideoKbps * 1.2);
    }

    private sealed record Rung(string Name, int Width, int Height, int Fps, int VideoKbps);
}
