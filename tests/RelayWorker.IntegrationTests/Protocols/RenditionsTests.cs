using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>Several rungs from one decode: one ffmpeg, each rendition with its own size, rate and destination.</summary>
[Collection(TestLanes.Main)]
public sealed class RenditionsTests(ITestOutputHelper output)
{
    [Fact(Timeout = 90_000)]
    public async Task Renditions_TwoRungsIntoHlsAndCopyIntoSrt_OneChildProducesEveryOutput()
    {
        using var hls = TempDirectory.Create("renditions");
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("cam1"), width: 640, height: 360);
        await publisher.WaitUntilPublishingAsync(TimeSpan.FromSeconds(15));
        await using var sink = await SrtSink.StartAsync();
        var low = Path.Combine(hls.Path, "low");
        var mid = Path.Combine(hls.Path, "mid");
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", nginx.RtmpUrl("cam1"), sink.Url)
            .Set("Relay__Routes__cam1__Renditions__low__Profile", "144p4")
            .Set("Relay__Routes__cam1__Renditions__low__Destinations__0", "hls://" + low)
            .Set("Relay__Routes__cam1__Renditions__mid__Profile", "288p12")
            .Set("Relay__Routes__cam1__Renditions__mid__Destinations__0", "hls://" + mid)
            .Build());
        using var report = worker.ReportTo(output);

        await sink.WaitForBytesAsync(200_000, TimeSpan.FromSeconds(30));
        // Three segments of two seconds each: the playlist has moved on past start-up.
        await Poll.UntilAsync(() => SegmentCount(low) >= 3 && SegmentCount(mid) >= 3, TimeSpan.FromSeconds(30), "HLS segments of both renditions");

        var copy = await sink.ProbeAsync();
        var lowProbe = await Ffprobe.ProbeAsync(Path.Combine(low, "index.m3u8"), TimeSpan.FromSeconds(20));
        var midProbe = await Ffprobe.ProbeAsync(Path.Combine(mid, "index.m3u8"), TimeSpan.FromSeconds(20));
        Assert.Equal((640, 360), (copy.Video?.Width, copy.Video?.Height));
        Assert.Equal((256, 144, 4.0), (lowProbe.Video?.Width, lowProbe.Video?.Height, lowProbe.Video?.FramesPerSecond));
        Assert.Equal((512, 288, 12.0), (midProbe.Video?.Width, midProbe.Video?.Height, midProbe.Video?.FramesPerSecond));
        Assert.Equal("aac", lowProbe.Audio?.CodecName);
        Assert.Single(worker.FfmpegChildren());
        var status = await worker.RouteAsync("cam1");
        Assert.Equal(3, status.GetProperty("destinationStatus").GetArrayLength());
        Assert.Equal(0, status.GetProperty("restarts").GetInt32());
    }

    private static int SegmentCount(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "segment_*.ts").Length : 0;
}
