
namespace RelayWorker.IntegrationTests.InfrastructureTests;

[Collection(TestLanes.Main)]
public sealed class SrtSinkTests
{
    [Fact(Timeout = 45_000)]
    public async Task Captures_probeable_h264_and_aac_and_accepts_a_new_caller_after_the_first_is_killed()
    {
        await using var sink = await SrtSink.StartAsync();
        await using var caller = await TestPatternPublisher.StartSrtAsync(sink.Url);

        await sink.WaitForBytesAsync(200_000, TimeSpan.FromSeconds(10));
        var probe = await sink.ProbeAsync(countPackets: true);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.Equal("mpegts", probe.FormatName);
        Assert.True(probe.Video?.PacketCount > 0);

        // A killed caller cannot say goodbye: the sink notices only after SRT's peer-idle timeout (~5 s), and
        // until then it is not listening, so a caller that tries earlier times out (ffmpeg: "Input/output error").
        await caller.KillAsync();
        await sink.WaitForDisconnectionsAsync(1, TimeSpan.FromSeconds(10));
        await caller.RestartAsync();
        await sink.WaitForConnectionsAsync(2, TimeSpan.FromSeconds(15));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(10), minimumGrowth: 100_000);
    }

    [Fact(Timeout = 30_000)]
    public async Task With_a_passphrase_only_a_caller_with_the_same_passphrase_gets_through()
    {
        const string passphrase = "smoke-test-passphrase";
        await using var sink = await SrtSink.StartAsync(passphrase);
        Assert.Contains("passphrase=smoke-test-passphrase", sink.Url, StringComparison.Ordinal);

        var wrongUrl = sink.Url.Replace(passphrase, "a-wrong-passphrase", StringComparison.Ordinal);
        await using (var wrong = ManagedProcess.Start("ffmpeg", ["-hide_banner", "-nostdin", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-t", "5", "-c:v", "libx264", "-f", "mpegts", wrongUrl]))
        {
            Assert.NotEqual(0, await wrong.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        }
        Assert.Equal(0, sink.BytesReceived);

        await using var caller = await TestPatternPublisher.StartSrtAsync(sink.Url);
        await sink.WaitForBytesAsync(100_000, TimeSpan.FromSeconds(10));
    }
}
