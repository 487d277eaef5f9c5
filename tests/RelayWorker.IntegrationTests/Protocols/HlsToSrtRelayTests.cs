using RelayWorker.IntegrationTests.Infrastructure;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>A live HLS playlist over HTTP (the kind a relay pulls from a CDN or a camera) relayed to SRT.</summary>
[Collection(TestLanes.Main)]
public sealed class HlsToSrtRelayTests(ITestOutputHelper output)
{
    [Fact(Timeout = 90_000)]
    public async Task Relay_LivePlaylistServedByNginx_FollowsNewSegmentsIntoSrtAsH264AndAac()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var hls = await HlsTestPattern.StartAsync(Path.Combine(nginx.HlsDirectory, "cam1"));
        var playlistUrl = new Uri(nginx.HlsBaseUrl, $"cam1/{HlsTestPattern.PlaylistName}").ToString();
        await using var sink = await SrtSink.StartAsync();

        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", playlistUrl, sink.Url)
            .Build());
        using var report = worker.ReportTo(output);

        await worker.WaitUntilRunningAsync("cam1", TimeSpan.FromSeconds(30));
        // The reader starts three one-second segments from the live edge; ten seconds of media can only come
        // from segments written after it started, i.e. from reloading the playlist as a live player does.
        await worker.WaitForMediaSecondsAsync("cam1", 10, TimeSpan.FromSeconds(30));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10));

        var probe = await sink.ProbeAsync(countPackets: true);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.True(probe.Video?.PacketCount >= 200, $"only {probe.Video?.PacketCount} video packets for 10 s at 25 fps");
        Assert.Equal(0, (await worker.RouteAsync("cam1")).Restarts());
    }
}
