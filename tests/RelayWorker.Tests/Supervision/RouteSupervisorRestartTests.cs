using System.ComponentModel;
using RelayWorker.Status;
using RelayWorker.Tests.Supervision.Fakes;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

[Collection(TimeoutGroup.Name)]
public sealed class RouteSupervisorRestartTests
{
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);

    [Theory(Timeout = 15_000)]
    [InlineData(0, "exited")]
    [InlineData(1, "failed")]
    [InlineData(251, "failed")]
    [InlineData(255, "killed")]
    [InlineData(137, "killed")]
    public async Task Supervise_ChildExits_IsRestartedAtOnceWithTheExitReason(int exitCode, string reason)
    {
        await using var harness = new SupervisorHarness();
        var first = await harness.StartAsync();

        first.Exit(exitCode);
        var second = await harness.Launcher.WaitForChildAsync(2);

        // A crash of a healthy stream costs nothing: no fake time has passed between the two starts.
        Assert.Equal(first.StartedAt, second.StartedAt);
        await Eventually.True(() => harness.Status.State == RouteState.Starting, "the new child to be Starting");
        Assert.Equal(new Dictionary<string, long> { [reason] = 1 }, harness.Status.Snapshot.Restarts);
        Assert.Equal(exitCode, harness.Status.Snapshot.LastExitCode);
        Assert.Equal(second.ProcessId, harness.Status.Snapshot.ChildProcessId);
    }

    [Fact(Timeout = 20_000)]
    public async Task Supervise_ChildKeepsFailing_RestartTimesFollowTheBackoff()
    {
        await using var harness = new SupervisorHarness();
        var child = await harness.StartAsync();
        child.Exit(1);
        child = await harness.Launcher.WaitForChildAsync(2);

        // InitialDelay 100 ms doubling up to MaxDelay 400 ms; jitter puts each between half and all of it.
        double[] ceilings = [100, 200, 400, 400, 400];
        for (var i = 0; i < ceilings.Length; i++)
        {
            var mark = harness.Time.TimerCount;
            var exitedAt = harness.Time.GetUtcNow();
            child.Exit(1);

            var restart = await harness.WaitForScheduledRestartAsync(mark);
            Assert.InRange(restart.Announced.TotalMilliseconds, ceilings[i] / 2, ceilings[i]);

            harness.Time.Advance(restart.Timer - OneMillisecond);
            Assert.Equal(i + 2, harness.Launcher.Attempts);
            harness.Time.Advance(OneMillisecond);
            child = await harness.Launcher.WaitForChildAsync(i + 3);
            Assert.Equal(exitedAt + restart.Timer, child.StartedAt);
        }
        Assert.Equal(1 + ceilings.Length, harness.Status.Snapshot.Restarts[RestartReason.Failed]);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_RunAsLongAsStableAfter_StartsTheBackoffOver()
    {
        await using var harness = new SupervisorHarness();
        var child = await harness.StartAsync();
        child.Exit(1);
        child = await harness.Launcher.WaitForChildAsync(2);
        var mark = harness.Time.TimerCount;
        child.Exit(1);
        harness.Time.Advance((await harness.WaitForScheduledRestartAsync(mark)).Timer);
        child = await harness.Launcher.WaitForChildAsync(3);

        // This run streams for StableAfter: the route works again, so the next failure is replaced at once.
        await Eventually.True(() => harness.Status.Snapshot.ChildProcessId == child.ProcessId, "the route to take child #3");
        var streamed = TimeSpan.Zero;
        child.WriteProgress(1);
        while (streamed < harness.Settings.Restart.StableAfter)
        {
            await harness.TickAsync();
            streamed += harness.TickInterval;
            child.WriteProgress(1 + (long)streamed.TotalMicroseconds);
        }
        var exitedAt = harness.Time.GetUtcNow();
        child.Exit(1);
        var next = await harness.Launcher.WaitForChildAsync(4);

        Assert.Equal(exitedAt, next.StartedAt);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_LauncherThrows_RecordsStartFailedAndKeepsRetryingWithBackoff()
    {
        await using var harness = new SupervisorHarness();
        harness.Launcher.StartFailure = new Win32Exception(2, "No such file or directory");
        var mark = harness.Time.TimerCount;

        harness.Supervisor.Start();
        // Attempt 1 fails, attempt 2 follows at once and fails, then the delays grow.
        for (var attempt = 3; attempt <= 5; attempt++)
        {
            var restart = await harness.WaitForScheduledRestartAsync(mark);
            mark = harness.Time.TimerCount;
            harness.Time.Advance(restart.Timer);
            await Eventually.True(() => harness.Launcher.Attempts == attempt, $"start attempt {attempt}");
        }

        await harness.WaitForScheduledRestartAsync(mark);
        Assert.Equal(5, harness.Status.Snapshot.Restarts[RestartReason.StartFailed]);
        Assert.Contains("No such file or directory", harness.Status.Snapshot.LastError, StringComparison.Ordinal);
        Assert.Null(harness.Status.Snapshot.ChildProcessId);
        Assert.Empty(harness.Launcher.Children);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_FfmpegAppearsAfterStartFailures_StartsTheRoute()
    {
        await using var harness = new SupervisorHarness();
        harness.Launcher.StartFailure = new InvalidOperationException("Failed to start a process with file path 'ffmpeg'.");
        var mark = harness.Time.TimerCount;
        harness.Supervisor.Start();
        var restart = await harness.WaitForScheduledRestartAsync(mark);

        harness.Launcher.StartFailure = null;
        harness.Time.Advance(restart.Timer);
        await harness.Launcher.WaitForChildAsync(1);

        await Eventually.True(() => harness.Status.State == RouteState.Starting, "the route to be Starting");
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_UnexpectedException_IsRetriedAsFailedInsteadOfEndingTheRoute()
    {
        await using var harness = new SupervisorHarness();
        harness.Launcher.StartFailure = new NotSupportedException("a bug somewhere in supervision");

        harness.Supervisor.Start();
        await Eventually.True(() => harness.Launcher.Attempts >= 2, "a second attempt after the unexpected exception");

        Assert.True(harness.Status.Snapshot.Restarts[RestartReason.Failed] >= 1);
    }

    [Fact(Timeout = 15_000)]
    public async Task Supervise_ReEnabledRouteWhoseFfmpegCannotStart_KeepsRetrying()
    {
        await using var harness = new SupervisorHarness();
        harness.Status.Disabled();
        harness.Launcher.StartFailure = new Win32Exception(2, "No such file or directory");

        harness.Supervisor.Start();

        await Eventually.True(() => harness.Launcher.Attempts >= 2, "a retry after the failed start", TimeSpan.FromSeconds(3));
        Assert.Equal(RouteState.BackingOff, harness.Status.State);
    }
}
