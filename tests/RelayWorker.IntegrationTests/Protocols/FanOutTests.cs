using System.Text.Json;
using RelayWorker.IntegrationTests.Relay;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Protocols;

/// <summary>
/// One route, two destinations, one of them unreachable: the tee muxer gives each destination its own fifo with
/// onfail=ignore and attempt_recovery, so the dead one must neither interrupt the live one nor cost the route a
/// restart, and must be picked up again on its own once it comes back.
/// </summary>
[Collection(TestLanes.Main)]
public sealed class FanOutTests(ITestOutputHelper output)
{
    private const string Route = "cam1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 120_000)]
    public async Task FanOut_OneDestinationUnreachable_LiveSinkNeverPausesAndTheDeadOneRecoversWithoutRestart()
    {
        await using var nginx = await NginxRtmpServer.StartAsync();
        await using var publisher = await TestPatternPublisher.StartRtmpAsync(nginx.RtmpUrl(Route));
        await publisher.WaitUntilPublishingAsync(TimeSpan.FromSeconds(15));
        await using var live = await SrtSink.StartAsync();
        // Nobody listens on this port until the second half; FreePort never hands it out again in this run.
        var deadPort = FreePort.Udp();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, nginx.RtmpUrl(Route), live.Url, $"srt://127.0.0.1:{deadPort}?pkt_size=1316")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, StartTimeout);
        var pid = (await worker.RouteAsync(Route)).Pid();
        Assert.NotNull(pid);

        // Twenty seconds in which the live sink never goes three seconds without media (a stalled tee would).
        var observeUntil = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < observeUntil)
        {
            await live.WaitForGrowthAsync(TimeSpan.FromSeconds(3));
        }
        AssertSameChildNeverRestarted(await worker.RouteAsync(Route), pid.Value);

        await using var revived = await SrtSink.StartOnPortAsync(deadPort);
        await revived.WaitForBytesAsync(200_000, StartTimeout);
        await live.WaitForGrowthAsync(TimeSpan.FromSeconds(3));

        // What arrives after the recovery is real video from a keyframe on, not a stray packet.
        var recovered = await VideoPackets.ReadAsync(revived.CaptureFile, TimeSpan.FromSeconds(20));
        Assert.Contains(recovered.Packets, p => p.IsKeyframe);
        AssertSameChildNeverRestarted(await worker.RouteAsync(Route), pid.Value);
        Assert.Equal([pid.Value], worker.FfmpegChildren());
    }

    [Fact(Timeout = 120_000)]
    public async Task FanOut_OneDestinationUnreachable_StatusApiAndMetricShowItDownThenUp()
    {
        await using var live = await SrtSink.StartAsync();
        var deadPort = FreePort.Udp();
        await using var worker = WorkerProcess.Start(new RouteEnvironment()
            .Route(Route, "testsrc://cam1?size=320x240&rate=25", live.Url, $"srt://127.0.0.1:{deadPort}?pkt_size=1316")
            .Set($"Relay__Routes__{Route}__Profile", "288p12")
            .Build());
        using var report = worker.ReportTo(output);
        await worker.WaitUntilRunningAsync(Route, StartTimeout);

        await worker.WaitForDestinationStatesAsync(Route, TimeSpan.FromSeconds(20), "up", "down");
        var down = await worker.RouteAsync(Route);
        Assert.False(string.IsNullOrEmpty(down.DestinationLastError(1)), "the dead destination has a lastError");
        Assert.Null(down.DestinationLastError(0));
        await Poll.UntilAsync(async () => await worker.DestinationUpAsync(Route) is { } up && up.GetValueOrDefault("0") == 1 && up.GetValueOrDefault("1", -1) == 0,
            TimeSpan.FromSeconds(10), "relay_destination_up 1 for destination 0 and 0 for destination 1");

        await using var revived = await SrtSink.StartOnPortAsync(deadPort);
        await revived.WaitForBytesAsync(50_000, StartTimeout);
        await worker.WaitForDestinationStatesAsync(Route, TimeSpan.FromSeconds(10), "up", "up");
        await Poll.UntilAsync(async () => await worker.DestinationUpAsync(Route) is { } up && up.GetValueOrDefault("0") == 1 && up.GetValueOrDefault("1") == 1,
            TimeSpan.FromSeconds(10), "relay_destination_up 1 for both destinations");
        Assert.Equal(0, (await worker.RouteAsync(Route)).Restarts());
    }

    private static void AssertSameChildNeverRestarted(JsonElement route, int pid)
    {
        Assert.Equal(0, route.Restarts());
        Assert.Equal(pid, route.Pid());
    }
}
