using RelayWorker.IntegrationTests.Infrastructure;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>An IP-camera style source: a real RTSP server, read over TCP, relayed to SRT.</summary>
[Collection(TestLanes.Main)]
public sealed class RtspToSrtRelayTests(ITestOutputHelper output)
{
    [Fact(Timeout = 90_000)]
    public async Task Relay_RtspServerOverTcp_DeliversH264AndAacToSrt()
    {
        await using var rtsp = await RtspServer.StartAsync();
        await using var sink = await SrtSink.StartAsync();

        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", rtsp.Url, sink.Url)
            .Build());
        using var report = worker.ReportTo(output);

        await worker.WaitUntilRunningAsync("cam1", TimeSpan.FromSeconds(30));
        await worker.WaitForMediaSecondsAsync("cam1", 5, TimeSpan.FromSeconds(20));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10));

        var probe = await sink.ProbeAsync(countPackets: true);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.Equal((320, 240), (probe.Video?.Width, probe.Video?.Height));
        Assert.True(probe.Video?.PacketCount >= 100, $"only {probe.Video?.PacketCount} video packets for 5 s at 25 fps");
        // Interleaved RTP in the RTSP connection, as README.md ("What each source and destination gets") promises: with it ffmpeg never tries UDP.
        Assert.Contains("-rtsp_transport tcp", worker.Output, StringComparison.Ordinal);
    }
}
