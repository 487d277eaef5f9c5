
namespace RelayWorker.IntegrationTests.InfrastructureTests;

[Collection(TestLanes.Main)]
public sealed class PublisherSuspendTests
{
    [Fact(Timeout = 45_000)]
    public async Task A_suspended_publisher_stops_the_media_downstream_and_resuming_restarts_it()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var sink = await SrtSink.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("hang"));
        // A bare ffmpeg relay (not the worker): RTMP in, SRT out, stream copy.
        await using var relay = ManagedProcess.Start("ffmpeg", ["-hide_banner", "-nostdin", "-nostats", "-i", nginx.RtmpUrl("hang"), "-c", "copy", "-f", "mpegts", sink.Url]);
        await sink.WaitForBytesAsync(100_000, TimeSpan.FromSeconds(15));

        publisher.Suspend();

        await sink.WaitForSilenceAsync(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<TimeoutException>(() => Ffprobe.ProbeAsync(nginx.RtmpUrl("hang"), TimeSpan.FromSeconds(3)));
        Assert.False(relay.HasExited, "the hung source keeps its TCP connection, so the relay neither fails nor ends");

        publisher.Resume();

        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 50_000);
    }
}
