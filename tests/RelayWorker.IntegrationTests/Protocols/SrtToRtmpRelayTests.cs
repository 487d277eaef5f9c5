using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>SRT in, RTMP out (the reverse of the core route): both SRT roles of a source, into a real nginx-rtmp.</summary>
[Collection(TestLanes.Main)]
public sealed class SrtToRtmpRelayTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 90_000)]
    public async Task Relay_PublisherCallsListeningSrtRoute_NginxServesH264AndAac()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        var srtPort = FreePort.Udp();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", $"srt://127.0.0.1:{srtPort}", nginx.RtmpUrl("relayed"))
            .Set("Relay__Routes__cam1__Listen", "true")
            .Build());
        using var report = worker.ReportTo(output);

        // An SRT caller gives up when nobody answers, so the publisher starts once the route's ffmpeg has bound.
        await Poll.UntilAsync(() => LoopbackPort.IsUdpBound(srtPort), StartTimeout, $"the route to listen on UDP {srtPort}");
        await using var publisher = await TestPatternPublisher.StartSrtAsync($"srt://127.0.0.1:{srtPort}?pkt_size=1316");
        await worker.WaitUntilRunningAsync("cam1", StartTimeout);

        await AssertNginxServesH264AndAacAsync(nginx, "relayed");
    }

    [Fact(Timeout = 90_000)]
    public async Task Relay_RouteCallsSrtListenerUpstream_NginxServesH264AndAac()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        var srtPort = FreePort.Udp();
        // An ffmpeg in listener mode opens its output only when a caller arrives, so its start completes only
        // once the worker has connected: start it, wait for the bind, then start the worker.
        var publisherStarting = TestPatternPublisher.StartSrtAsync($"srt://127.0.0.1:{srtPort}?mode=listener&pkt_size=1316");
        await Poll.UntilAsync(() => LoopbackPort.IsUdpBound(srtPort), StartTimeout, $"the upstream to listen on UDP {srtPort}");
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", $"srt://127.0.0.1:{srtPort}", nginx.RtmpUrl("relayed"))
            .Build());
        using var report = worker.ReportTo(output);
        await using var publisher = await publisherStarting;
        await worker.WaitUntilRunningAsync("cam1", StartTimeout);

        await AssertNginxServesH264AndAacAsync(nginx, "relayed");
    }

    /// <summary>A player's view: ffprobe reads the stream back from nginx, as any RTMP viewer would.</summary>
    private static async Task AssertNginxServesH264AndAacAsync(NginxRtmpServer nginx, string streamName)
    {
        var probe = await Ffprobe.ProbeAsync(nginx.RtmpUrl(streamName), TimeSpan.FromSeconds(20));
        Assert.Equal("flv", probe.FormatName);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.Equal((320, 240), (probe.Video?.Width, probe.Video?.Height));
    }
}
