using RelayWorker.Status;
using RelayWorker.Tests.Supervision.Fakes;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

/// <summary>StallTimeout 2 s, so the watch loop checks every 500 ms (a quarter of it): four ticks make a stall.</summary>
[Collection(TimeoutGroup.Name)]
public sealed class RouteSupervisorStallTests
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(2);

    [Fact(Timeout = 15_000)]
    public async Task Supervise_NoProgressForStallTimeout_InterruptsAndRestartsAsStalled()
    {
        await using var harness = new SupervisorHarness(stallTimeout: StallTimeout);
        var child = await harness.StartAsync();
        Assert.Equal(TimeSpan.FromMilliseconds(500), harness.TickInterval);
        child.WriteProgress(outTimeMicroseconds: 40_000, totalSizeBytes: 1_000);

        for (var tick = 1; tick < 4; tick++)
        {
            await harness.TickAsync();
            Assert.Equal(0, child.InterruptCount);
        }
        await harness.TickAsync();
        var replacement = await harness.Launcher.WaitForChildAsync(2);

        Assert.Equal((1, 0), (child.InterruptCount, child.KillCount));
        Assert.Equal(new Dictionary<string, long> { [RestartReason.Stalled] = 1 }, harness.Status.Snapshot.Restarts);
        Assert.Equal(FakeChildProcess.ExitCodeAfterInterrupt, harness.Status.Snapshot.LastExitCode);
        Assert.Equal(0, replacement.InterruptCount);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_OutTimeKeepsAdvancing_IsNeverStalled()
    {
        await using var harness = new SupervisorHarness(stallTimeout: StallTimeout);
        var child = await harness.StartAsync();

        for (var tick = 1; tick <= 12; tick++)
        {
            child.WriteProgress(outTimeMicroseconds: tick * 500_000L, totalSizeBytes: tick * 10_000L);
            await harness.TickAsync();
        }

        Assert.Equal(0, child.InterruptCount);
        Assert.Equal(RouteState.Running, harness.Status.State);
        Assert.Equal(1, harness.Launcher.Attempts);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_HlsBlocksKeepComingWithFrozenOutTime_RestartsAsStalled()
    {
        // An HLS source's clock jumps a segment at a time, so still blocks are left to the stall timeout.
        var route = TestRoutes.Create("http://origin:8080/live/index.m3u8");
        await using var harness = new SupervisorHarness(route, stallTimeout: StallTimeout);
        var child = await harness.StartAsync();
        child.WriteProgress(outTimeMicroseconds: 3_000_000, totalSizeBytes: 1_000);
        Assert.Equal(RouteState.Running, harness.Status.State);

        for (var tick = 1; tick < 4; tick++)
        {
            child.WriteProgress(outTimeMicroseconds: 3_000_000, totalSizeBytes: 1_000);
            await harness.TickAsync();
            Assert.Equal(0, child.InterruptCount);
        }
        child.WriteProgress(outTimeMicroseconds: 3_000_000, totalSizeBytes: 1_000);
        await harness.TickAsync();
        await harness.Launcher.WaitForChildAsync(2);

        Assert.Equal(1, child.InterruptCount);
        Assert.Equal(1, harness.Status.Snapshot.Restarts[RestartReason.Stalled]);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_ListeningRoute_WaitsForItsPeerThenWatchesForStalls()
    {
        var route = TestRoutes.Create("rtmp://0.0.0.0:1935/live/in", listen: true);
        await using var harness = new SupervisorHarness(route, stallTimeout: StallTimeout);
        var child = await harness.StartAsync();

        // Far longer than the stall timeout with no publisher: a listener is allowed to wait.
        for (var tick = 1; tick <= 12; tick++)
        {
            await harness.TickAsync();
        }
        Assert.Equal(0, child.InterruptCount);
        Assert.Equal(RouteState.Starting, harness.Status.State);

        // The publisher arrives, then goes silent: from now on the clock runs.
        child.WriteProgress(outTimeMicroseconds: 1_000_000);
        for (var tick = 1; tick <= 4; tick++)
        {
            await harness.TickAsync();
        }
        await harness.Launcher.WaitForChildAsync(2);

        Assert.Equal(1, harness.Status.Snapshot.Restarts[RestartReason.Stalled]);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_RtmpBlocksKeepComingWithFrozenOutTime_RestartsAsFrozenAtOnce()
    {
        await using var harness = new SupervisorHarness(stallTimeout: TimeSpan.FromSeconds(15));
        var child = await harness.StartAsync();
        child.WriteProgress(outTimeMicroseconds: 3_000_000, totalSizeBytes: 1_000);
        Assert.Equal(RouteState.Running, harness.Status.State);

        // Blocks one a second (the watch loop ticks once a second here) with out_time creeping by a microsecond: a
        // publisher back in a held session.
        Assert.Equal(TimeSpan.FromSeconds(1), harness.TickInterval);
        for (var second = 1; second <= 2; second++)
        {
            Assert.Equal(0, child.InterruptCount);
            await harness.TickAsync();
            child.WriteProgress(outTimeMicroseconds: 3_000_000 + second, totalSizeBytes: 1_000 + second);
        }
        var replacement = await harness.Launcher.WaitForChildAsync(2);

        Assert.Equal(1, child.InterruptCount);
        Assert.Equal(new Dictionary<string, long> { [RestartReason.Frozen] = 1 }, harness.Status.Snapshot.Restarts);
        // Two seconds, not StallTimeout: the replacement started at the second still block.
        Assert.Equal(child.StartedAt + TimeSpan.FromSeconds(2), replacement.StartedAt);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_RtmpStillBlockWithBackwardsTimestampWarning_RestartsAsFrozenWithoutWaitingForATick()
    {
        await using var harness = new SupervisorHarness(stallTimeout: TimeSpan.FromSeconds(15));
        var child = await harness.StartAsync();
        child.WriteProgress(outTimeMicroseconds: 3_000_000, totalSizeBytes: 1_000);
        await harness.TickAsync();
        child.WriteProgress(outTimeMicroseconds: 3_000_001, totalSizeBytes: 1_001);
        Assert.Equal(0, child.InterruptCount);

        // What ffmpeg 5.1 printed when the publisher came back into nginx-rtmp's held session.
        child.WriteStderr("[mpegts @ 0x5652eb74d0c0] [warning] Non-monotonous DTS in output stream 0:1; previous: 518385, current: -178560; changing to 518386. This may result in incorrect timestamps in the output file.");
        var replacement = await harness.Launcher.WaitForChildAsync(2);

        Assert.Equal(1, child.InterruptCount);
        Assert.Equal(new Dictionary<string, long> { [RestartReason.Frozen] = 1 }, harness.Status.Snapshot.Restarts);
        Assert.Equal(child.StartedAt + TimeSpan.FromSeconds(1), replacement.StartedAt);
    }
}
