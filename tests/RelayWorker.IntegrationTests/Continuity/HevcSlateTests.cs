using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Continuity;

/// <summary>
/// An H.265 source (MPEG-TS over UDP, which carries H.265 where ffmpeg 5.1's RTMP cannot): the slate is encoded as
/// H.265 with the source's size, the splicer cuts on H.265 keyframes, and a viewer decodes source, slate and source
/// again without an error.
/// </summary>
[Collection(TestLanes.Waiting)]
public sealed class HevcSlateTests(ITestOutputHelper output)
{
    private const string Route = "cam1";

    [Fact(Timeout = 150_000)]
    public async Task ContinuousRoute_HevcSourceLostAndBack_SlateIsHevcAndTheViewerDecodesEveryCut()
    {
        var sourcePort = FreePort.Udp();
        var sourceUrl = $"udp://127.0.0.1:{sourcePort}?pkt_size=1316";
        await using var recorder = UdpRecorder.Start();
        await using var publisher = await TestPatternPublisher.StartWithArgumentsAsync(sourceUrl,
        [
            "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning", "-progress", "pipe:1",
            "-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
            "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "keyint=25:log-level=error", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k", "-f", "mpegts", sourceUrl,
        ]);
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, $"udp://127.0.0.1:{sourcePort}", recorder.Url)
            .Set($"Relay__Routes__{Route}__Slate", "builtin")
            // At start the route waits this long for its primary: long enough for the ingest's probe of MPEG-TS (up
            // to 3 s) even on a loaded machine, so the output starts on H.265 and never sees the slate's first,
            // unmatched format (which would restart it once, as source_format).
            .Set("Relay__Failover__FailbackAfter", "00:00:10")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route}: the slate now matches primary: 320x240 at 25 fps, hevc", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await worker.WaitForPrimaryOnAirAsync(Route, TimeSpan.FromSeconds(30));

        var lostAt = worker.Lines().Count;
        await publisher.KillAsync();
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} switched to slate (loss)", StringComparison.Ordinal), TimeSpan.FromSeconds(10), lostAt);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var backAt = worker.Lines().Count;
        await publisher.RestartAsync();
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} switched to primary (recovered)", StringComparison.Ordinal), TimeSpan.FromSeconds(45), backAt);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(worker.Lines(), l => l.Contains($"Route {Route}: restarting", StringComparison.Ordinal));

        await worker.DisposeAsync();
        await recorder.StopAsync();
        var clock = await CapturedClock.ReadAsync(recorder.File);
        output.WriteLine(clock.Describe());
        var probe = await Ffprobe.ProbeAsync(recorder.File, TimeSpan.FromSeconds(30));
        Assert.Equal("hevc", probe.Video?.CodecName);
        Assert.Equal("", clock.DecodeErrors);
        Assert.Equal(["320,240,yuv420p"], clock.VideoFormats);
        Assert.Equal(0, clock.VideoDtsBackwards);
        Assert.True(clock.LargestVideoStep <= 1.0, $"the output clock jumped {clock.LargestVideoStep:0.000} s");
    }
}
