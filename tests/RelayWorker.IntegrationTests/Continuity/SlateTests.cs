using System.Globalization;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Continuity;

/// <summary>
/// Every source of a continuous route down for a minute: its destinations get the slate and stay connected, the
/// slate decodes in the same stream as the source (same size, pixel format, audio layout and rate), and the route
/// comes back to the source by itself.
/// </summary>
[Collection(TestLanes.Waiting)]
public sealed class SlateTests(ITestOutputHelper output)
{
    private const string Route = "cam1";
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 240_000)]
    public async Task ContinuousRoute_EverySourceDownForAMinute_SlateMatchesTheSourceAndDestinationsStayConnected()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        // 1280x720 H.264 (x264 ultrafast: Constrained Baseline) with 48 kHz stereo AAC, a keyframe every 2 s.
        await using var primary = await TestPatternPublisher.StartWithArgumentsAsync(nginx.RtmpUrl("main"),
        [
            "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning", "-progress", "pipe:1",
            "-re", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "50", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-ac", "2", "-ar", "48000", "-b:a", "96k", "-f", "flv", "-flvflags", "no_duration_filesize", nginx.RtmpUrl("main"),
        ]);
        await using var srt = await SrtSink.StartAsync();
        await using var udp = UdpSink.Start();
        await using var recorder = UdpRecorder.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl("main"), srt.Url, udp.Url, recorder.Url)
            // A backup that never works: nobody publishes there, so nginx holds its player with nothing to send.
            .Set($"Relay__Routes__{Route}__Backups__0", nginx.RtmpUrl("nobody"))
            .Set($"Relay__Routes__{Route}__Slate", "builtin")
            .Set("Relay__Failover__FailbackAfter", "00:00:03")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitForPrimaryOnAirAsync(Route, TimeSpan.FromSeconds(30));
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route}: the slate now matches primary: 1280x720", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        await srt.WaitForGrowthAsync(TimeSpan.FromSeconds(20));

        var lostAt = worker.Lines().Count;
        await primary.KillAsync();
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} switched to slate (loss)", StringComparison.Ordinal), TimeSpan.FromSeconds(10), lostAt);
        udp.ResetGaps();

        // Half-way through, the SRT destination restarts: the route's output reconnects to it without a restart of its own.
        await Task.Delay(Outage / 2);
        await srt.RestartAsync();
        await srt.WaitForConnectionsAsync(2, TimeSpan.FromSeconds(30));
        await Task.Delay(Outage / 2);
        var (longestGap, _, gaps) = udp.GapsUntil(MonotonicClock.Now);

        var backAt = worker.Lines().Count;
        await primary.RestartAsync();
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} switched to primary (recovered)", StringComparison.Ordinal), TimeSpan.FromSeconds(30), backAt);
        await srt.WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 100 * 1316);

        // A gap as the soak counts one (UdpSink.CountedGap, 2 s): the viewer never went without media for that long.
        // Shorter pauses happen when the slate's live encoder waits for a core on a loaded machine.
        Assert.True(longestGap < UdpSink.CountedGap.TotalSeconds, $"the UDP viewer waited {longestGap:0.00} s on the slate ({gaps.Count} gaps over 1 s)");
        Assert.Single(udp.SourcePorts);
        Assert.Equal(2, srt.Connections);
        Assert.DoesNotContain(worker.Lines(), l => l.Contains($"Route {Route}: restarting", StringComparison.Ordinal));
        Assert.Contains(worker.Lines(), l => l.Contains($"Route {Route} backup1: restarting", StringComparison.Ordinal));
        Assert.DoesNotContain(worker.Lines(), l => l.Contains("switched to backup1", StringComparison.Ordinal));

        await worker.DisposeAsync();
        await recorder.StopAsync();
        // The UDP recording, not the SRT capture: the SRT sink's second connection joined mid-GOP, as any new viewer does.
        var clock = await CapturedClock.ReadAsync(recorder.File);
        output.WriteLine(clock.Describe());
        if (clock.DecodeErrors.Length > 0)
        {
            output.WriteLine(await CapturedClock.LocateDecodeErrorsAsync(recorder.File));
        }
        Assert.Equal("", clock.DecodeErrors);
        Assert.Equal(0, clock.VideoDtsBackwards);
        Assert.Equal(0, clock.AudioDtsBackwards);
        Assert.True(clock.LargestVideoStep <= 1.0, $"the output clock jumped {clock.LargestVideoStep:0.000} s");
        // Source and slate alike: every decoded picture 1280x720 yuv420p, every audio frame stereo, every AAC packet
        // 1024 samples at 48 kHz (1920 ticks of 90 kHz).
        Assert.Equal(["1280,720,yuv420p"], clock.VideoFormats);
        Assert.Equal(["2"], clock.AudioChannels);
        Assert.Equal([1920L], clock.AudioPacketDurations);
        Assert.True(clock.VideoSpanSeconds > Outage.TotalSeconds, string.Create(CultureInfo.InvariantCulture, $"only {clock.VideoSpanSeconds:0.0} s of media"));
    }
}
