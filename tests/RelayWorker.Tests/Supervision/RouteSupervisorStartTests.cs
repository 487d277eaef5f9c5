using RelayWorker.Status;
using RelayWorker.Supervision;
using RelayWorker.Tests.Supervision.Fakes;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

/// <summary>The starting phase: its own first-media deadline, and admission of a bounded number of starts at once.</summary>
[Collection(TimeoutGroup.Name)]
public sealed class RouteSupervisorStartTests
{
    [Fact(Timeout = 15_000)]
    public async Task Supervise_NoFirstMedia_WaitsForStartTimeoutNotStallTimeout_ThenRestartsAsStartTimeout()
    {
        // StallTimeout 2 s and StartTimeout 4 s: the watch loop checks every 500 ms, so the eighth check ends the run.
        await using var harness = new SupervisorHarness(stallTimeout: TimeSpan.FromSeconds(2), startTimeout: TimeSpan.FromSeconds(4));
        var child = await harness.StartAsync();
        Assert.Equal(TimeSpan.FromMilliseconds(500), harness.TickInterval);

        for (var tick = 1; tick < 8; tick++)
        {
            await harness.TickAsync();
            Assert.Equal(0, child.InterruptCount);
            Assert.Equal(RouteState.Starting, harness.Status.State);
        }
        await harness.TickAsync();
        await harness.Launcher.WaitForChildAsync(2);

        Assert.Equal(1, child.InterruptCount);
        Assert.Equal(new Dictionary<string, long> { [RestartReason.StartTimeout] = 1 }, harness.Status.Snapshot.Restarts);
        Assert.Contains(harness.RunnerLog.Collector.GetSnapshot(), e => e.Message.Contains("no media within StartTimeout", StringComparison.Ordinal));
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_AdmissionFull_RouteIsQueuedAndStartsOnceTheStartingRouteHasMedia()
    {
        var admission = new StartAdmission(capacity: 1);
        await using var first = new SupervisorHarness(admission: admission);
        await using var second = new SupervisorHarness(admission: admission);
        var firstChild = await first.StartAsync();

        second.Supervisor.Start();
        await Eventually.True(() => second.Status.State == RouteState.Queued, "the second route to be queued");
        Assert.Equal(0, second.Launcher.Attempts);
        Assert.Contains("waiting for a start slot", RouteStatusReason(second), StringComparison.Ordinal);

        firstChild.WriteProgress(outTimeMicroseconds: 40_000, totalSizeBytes: 1_000);

        await second.Launcher.WaitForChildAsync(1);
        Assert.Equal(RouteState.Running, first.Status.State);
        Assert.Equal(RouteState.Starting, second.Status.State);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_QueuedRouteStopped_StopsWithoutStartingFfmpeg()
    {
        var admission = new StartAdmission(capacity: 1);
        await using var first = new SupervisorHarness(admission: admission);
        await using var second = new SupervisorHarness(admission: admission);
        await first.StartAsync();
        second.Supervisor.Start();
        await Eventually.True(() => second.Status.State == RouteState.Queued, "the second route to be queued");

        await second.Supervisor.StopAsync();

        Assert.Equal(RouteState.Stopped, second.Status.State);
        Assert.Equal(0, second.Launcher.Attempts);
        Assert.Equal(0, admission.Queued);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_StartingRouteEnds_ItsSlotGoesToTheNextRoute()
    {
        var admission = new StartAdmission(capacity: 1);
        await using var first = new SupervisorHarness(admission: admission);
        await using var second = new SupervisorHarness(admission: admission);
        var firstChild = await first.StartAsync();
        second.Supervisor.Start();
        await Eventually.True(() => second.Status.State == RouteState.Queued, "the second route to be queued");

        firstChild.Exit(1);

        await second.Launcher.WaitForChildAsync(1);
    }

    private static string RouteStatusReason(SupervisorHarness harness) => harness.Status.Snapshot.ShownReasonAt(harness.Time.GetUtcNow()) ?? "";
}
