using System.Diagnostics;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Relay;

[Collection(TestLanes.Main)]
public sealed class ChildRestartTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Supervisor_ChildKilledWithSigkill_IsReplacedWithinASecondAndMediaResumes()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("cam1"));
        await publisher.WaitUntilPublishingAsync(TimeSpan.FromSeconds(15));
        await using var sink = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route("cam1", nginx.RtmpUrl("cam1"), sink.Url)
            .Build());
        using var report = worker.ReportTo(output);
        await sink.WaitForBytesAsync(200_000, TimeSpan.FromSeconds(30));
        var original = Assert.Single(worker.FfmpegChildren());

        var killedAt = Stopwatch.StartNew();
        Assert.True(UnixSignal.Send(original, UnixSignal.Kill));
        await Poll.UntilAsync(() => worker.FfmpegChildren() is [var replacement] && replacement != original,
            TimeSpan.FromSeconds(1), "a replacement ffmpeg within a second of SIGKILL");
        var replacedAfter = killedAt.Elapsed;

        // The SRT sink only notices a killed caller after its peer-idle timeout, then accepts the replacement.
        await sink.WaitForConnectionsAsync(2, TimeSpan.FromSeconds(20));
        await sink.WaitForGrowthAsync(TimeSpan.FromSeconds(15), minimumGrowth: 200_000);
        var route = await worker.RouteAsync("cam1");
        Assert.Equal(1, route.GetProperty("restartsByReason").GetProperty("killed").GetInt32());
        Assert.True(replacedAfter < TimeSpan.FromSeconds(1), $"replaced after {replacedAfter}");
    }
}
