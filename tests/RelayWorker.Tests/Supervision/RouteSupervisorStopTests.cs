using RelayWorker.Status;
using RelayWorker.Tests.Supervision.Fakes;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

[Collection(TimeoutGroup.Name)]
public sealed class RouteSupervisorStopTests
{
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);

    [Fact(Timeout = 15_000)]
    public async Task Stop_ChildHonoursSigint_StopsWithoutKillOrRestart()
    {
        await using var harness = new SupervisorHarness();
        var child = await harness.StartAsync();

        await harness.Supervisor.StopAsync();

        Assert.Equal((1, 0), (child.InterruptCount, child.KillCount));
        Assert.Equal(RouteState.Stopped, harness.Status.State);
        Assert.Equal(FakeChildProcess.ExitCodeAfterInterrupt, harness.Status.Snapshot.LastExitCode);
        Assert.Null(harness.Status.Snapshot.ChildProcessId);
        Assert.Empty(harness.Status.Snapshot.Restarts);
        Assert.Equal(1, harness.Launcher.Attempts);
    }

    [Fact(Timeout = 15_000)]
    public async Task Stop_ChildIgnoresSigint_SendsSigkillExactlyAfterStopTimeout()
    {
        await using var harness = new SupervisorHarness();
        harness.Launcher.ChildrenIgnoreInterrupt = true;
        var child = await harness.StartAsync();
        // Media flowing to every destination: there is something to flush, so the whole grace applies.
        child.WriteProgress(1_000_000);
        await Eventually.True(() => harness.Status.State == RouteState.Running, "media to flow");
        var mark = harness.Time.TimerCount;

        var stopping = harness.Supervisor.StopAsync();
        await Eventually.True(() => child.InterruptCount == 1, "SIGINT");
        await harness.Time.WaitForTimerAsync(mark, SupervisorHarness.DefaultStopTimeout);

        harness.Time.Advance(SupervisorHarness.DefaultStopTimeout - OneMillisecond);
        Assert.Equal(0, child.KillCount);
        Assert.False(stopping.IsCompleted);

        harness.Time.Advance(OneMillisecond);
        await stopping;

        Assert.Equal((1, 1), (child.InterruptCount, child.KillCount));
        Assert.Equal(RouteState.Stopped, harness.Status.State);
        Assert.Equal(FakeChildProcess.ExitCodeAfterKill, harness.Status.Snapshot.LastExitCode);
        Assert.Equal(1, harness.Launcher.Attempts);
    }

    [Fact(Timeout = 15_000)]
    public async Task Stop_ChildThatNeverDeliveredMedia_IsKilledAfterOneSecond()
    {
        await using var harness = new SupervisorHarness();
        harness.Launcher.ChildrenIgnoreInterrupt = true;
        var child = await harness.StartAsync();
        var mark = harness.Time.TimerCount;

        var stopping = harness.Supervisor.StopAsync();
        await Eventually.True(() => child.InterruptCount == 1, "SIGINT");
        await harness.Time.WaitForTimerAsync(mark, TimeSpan.FromSeconds(1));
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await stopping;

        Assert.Equal((1, 1), (child.InterruptCount, child.KillCount));
    }

    [Fact(Timeout = 15_000)]
    public async Task Stop_WhileBackingOff_EndsWithoutAnotherStart()
    {
        await using var harness = new SupervisorHarness();
        var child = await harness.StartAsync();
        child.Exit(1);
        child = await harness.Launcher.WaitForChildAsync(2);
        var mark = harness.Time.TimerCount;
        child.Exit(1);
        await harness.WaitForScheduledRestartAsync(mark);

        await harness.Supervisor.StopAsync();
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(RouteState.Stopped, harness.Status.State);
        Assert.Null(harness.Status.Snapshot.CurrentBackoff);
        Assert.Equal(2, harness.Launcher.Attempts);
    }
}
