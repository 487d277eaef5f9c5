using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>The rtmp2srt script's job: a publisher pushes RTMP straight to the worker, which relays it to SRT.</summary>
[Collection(TestLanes.Main)]
public sealed class RtmpListenRelayTests(ITestOutputHelper output)
{
    [Fact(Timeout = 90_000)]
    public async Task Relay_PublisherPushesRtmpToListeningRoute_SrtSinkReceivesH264AndAac()
    {
        var rtmpPort = FreePort.Tcp();
        var ingest = $"rtmp://127.0.0.1:{rtmpPort}/live/in";
        await using var sink = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", ingest, sink.Url)
            .Set("Relay__Routes__cam1__Listen", "true")
            .Build());
        using var report = worker.ReportTo(output);

        // Watch the kernel's socket table rather than connecting: the route accepts exactly one connection.
        await Poll.UntilAsync(() => ListeningSockets.IsTcpListening(rtmpPort), TimeSpan.FromSeconds(30), $"the route to listen on TCP {rtmpPort}");
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(ingest);

        await worker.WaitUntilRunningAsync("cam1", TimeSpan.FromSeconds(30));
        await sink.WaitForBytesAsync(300_000, TimeSpan.FromSeconds(30));
        var probe = await sink.ProbeAsync(countPackets: true);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.True(probe.Video?.PacketCount > 25, $"only {probe.Video?.PacketCount} video packets");
        Assert.Equal(0, (await worker.RouteAsync("cam1")).Restarts());
    }
}
