using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Observability;

[Collection(TestLanes.Main)]
public sealed class StallDetectionTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Supervisor_PublisherHangsWithConnectionOpen_RestartsRouteAsStalledAndRecovers()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("cam1"));
        await publisher.WaitUntilPublishingAsync(TimeSpan.FromSeconds(15));
        await using var sink = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", nginx.RtmpUrl("cam1"), sink.Url)
            // Shorter than the source read timeout (10 s), so the watchdog, not ffmpeg, notices the hang.
            .Set("Relay__StallTimeout", "00:00:04")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync("cam1", TimeSpan.FromSeconds(30));

        // SIGSTOP keeps the publisher's TCP connection open while it sends nothing: a silent hang.
        publisher.Suspend();
        await Poll.UntilAsync(async () => await StalledRestartsAsync(worker) >= 1, TimeSpan.FromSeconds(15),
            "a restart with reason stalled");
        Assert.Contains("media has not advanced for 4 s", worker.Output, StringComparison.Ordinal);

        publisher.Resume();
        await worker.WaitUntilRunningAsync("cam1", TimeSpan.FromSeconds(40));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(20));
    }

    private static async Task<int> StalledRestartsAsync(WorkerProcess worker) =>
        (await worker.RouteAsync("cam1")).GetProperty("restartsByReason").TryGetProperty("stalled", out var count) ? count.GetInt32() : 0;
}
