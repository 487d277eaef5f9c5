using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Relay;

/// <summary>The core promise: a configured RTMP source reaches an SRT destination, decodable.</summary>
[Collection(TestLanes.Main)]
public sealed class RtmpToSrtRelayTests(ITestOutputHelper output)
{
    private const string Passphrase = "canary-passphrase-31337";

    [Fact(Timeout = 90_000)]
    public async Task Relay_RtmpSourceToSrtListener_DeliversDecodableH264AndAacAndNeverPrintsThePassphrase()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("cam1"));
        await publisher.WaitUntilPublishingAsync(TimeSpan.FromSeconds(15));
        await using var sink = await SrtSink.StartAsync(Passphrase);

        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", nginx.RtmpUrl("cam1"), sink.Url)
            .Build());

        using var report = worker.ReportTo(output);

        await sink.WaitForBytesAsync(300_000, TimeSpan.FromSeconds(30));
        var probe = await sink.ProbeAsync(countPackets: true);
        Assert.Equal("h264", probe.Video?.CodecName);
        Assert.Equal("aac", probe.Audio?.CodecName);
        Assert.True(probe.Video?.PacketCount > 25, $"only {probe.Video?.PacketCount} video packets");
        await worker.WaitUntilRunningAsync("cam1", TimeSpan.FromSeconds(15));

        var status = await worker.HttpClient.GetStringAsync(new Uri("api/routes", UriKind.Relative));
        var ready = await worker.HttpClient.GetStringAsync(new Uri("healthz/ready", UriKind.Relative));
        var metrics = await worker.HttpClient.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Contains("passphrase=***", status, StringComparison.Ordinal);
        foreach (var text in new[] { worker.Output, status, ready, metrics })
        {
            Assert.DoesNotContain(Passphrase, text, StringComparison.Ordinal);
        }
    }
}
