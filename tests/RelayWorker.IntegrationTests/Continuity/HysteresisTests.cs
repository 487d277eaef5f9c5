using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Continuity;

/// <summary>
/// A primary that flaps (up two seconds, down two seconds) must not drag the route along: it leaves the primary
/// once, stays on the backup while the primary flaps, and goes back only once the primary has delivered for
/// FailbackAfter. The RTMP destination keeps one publish session throughout.
/// </summary>
[Collection(TestLanes.Waiting)]
public sealed class HysteresisTests(ITestOutputHelper output)
{
    private const string Route = "cam1";
    private const int Flaps = 4;
    private static readonly TimeSpan FlapHalf = TimeSpan.FromSeconds(2);

    [Fact(Timeout = 150_000)]
    public async Task ContinuousRoute_PrimaryFlappingEveryTwoSeconds_LeavesItOnceAndReturnsOnceItHolds()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var primary = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("main"));
        await using var backup = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl("backup"));
        await using var recorder = UdpRecorder.Start();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl("main"), nginx.RtmpUrl("out"), recorder.Url)
            .Set($"Relay__Routes__{Route}__Backups__0", nginx.RtmpUrl("backup"))
            .Set("Relay__Failover__FailbackAfter", "00:00:05")
            .Build());
        using var report = worker.ReportTo(output);
        var onAirFrom = await worker.WaitForPrimaryOnAirAsync(Route, TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => nginx.PublishesOf("out") == 1, TimeSpan.FromSeconds(15), "the route to publish to nginx");

        for (var flap = 0; flap < Flaps; flap++)
        {
            await primary.KillAsync();
            await Task.Delay(FlapHalf);
            await primary.RestartAsync();
            await Task.Delay(FlapHalf);
        }
        var heldFrom = worker.Lines().Count;
        await worker.WaitForLineAsync(l => l.Contains($"Route {Route} switched to primary (failback)", StringComparison.Ordinal), TimeSpan.FromSeconds(40), heldFrom);

        var switches = worker.Lines(onAirFrom).Where(l => l.Contains($"Route {Route} switched to", StringComparison.Ordinal)).ToList();
        output.WriteLine(string.Join('\n', switches));
        Assert.Equal(2, switches.Count);
        Assert.Contains("switched to backup1 (loss)", switches[0], StringComparison.Ordinal);
        Assert.Contains("switched to primary (failback)", switches[1], StringComparison.Ordinal);
        Assert.Equal(1, nginx.PublishesOf("out"));
        Assert.DoesNotContain(worker.Lines(), l => l.Contains($"Route {Route}: restarting", StringComparison.Ordinal));

        await worker.DisposeAsync();
        await recorder.StopAsync();
        var clock = await CapturedClock.ReadAsync(recorder.File);
        output.WriteLine(clock.Describe());
        Assert.Equal("", clock.DecodeErrors);
        Assert.Equal(0, clock.VideoDtsBackwards);
        Assert.Equal(0, clock.AudioDtsBackwards);
        Assert.True(clock.LargestVideoStep <= 1.0, $"the output clock jumped {clock.LargestVideoStep:0.000} s");
    }
}
