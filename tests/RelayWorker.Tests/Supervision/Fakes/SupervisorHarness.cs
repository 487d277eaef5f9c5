using Microsoft.Extensions.Logging.Testing;
using RelayWorker.Configuration;
using RelayWorker.Media;
using RelayWorker.Status;
using RelayWorker.Supervision;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision.Fakes;

/// <summary>
/// One real <see cref="RouteSupervisor"/> and <see cref="RouteRunner"/> on fake time and a fake launcher.
/// Time only moves when a test advances it, and every helper waits for the supervisor's reaction (a new
/// timer, a new child) before returning, so schedules can be asserted to the tick.
/// </summary>
internal sealed class SupervisorHarness : IAsyncDisposable
{
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(5);

    public SupervisorHarness(
        RouteDefinition? route = null,
        TimeSpan? stallTimeout = null,
        TimeSpan? stopTimeout = null,
        RestartOptions? restart = null,
        IReadOnlyCollection<string>? knownSecrets = null,
        TimeSpan? startTimeout = null,
        StartAdmission? admission = null,
        ISourceProbe? sourceProbe = null)
    {
        Route = route ?? TestRoutes.Create();
        Launcher = new FakeChildProcessLauncher(Time);
        Status = new RouteStatus(Route.Name, Time);
        // The default stall timeout is far away so only tests about stalls ever see one.
        Settings = new RouteRunSettings("ffmpeg", stopTimeout ?? DefaultStopTimeout, stallTimeout ?? TimeSpan.FromHours(1),
            restart ?? FastRestart(), knownSecrets ?? [])
        {
            // Unless a test says otherwise, a run without media is judged by the stall timeout as before.
            StartTimeout = startTimeout ?? stallTimeout ?? TimeSpan.FromHours(1),
        };
        Supervisor = new RouteSupervisor(Route, Status, () => Settings, new RouteRunner(Launcher, Time, RunnerLog, admission), Time, SupervisorLog,
            sourceProbe: sourceProbe);
    }

    public ObservableTimeProvider Time { get; } = new();

    public FakeChildProcessLauncher Launcher { get; }

    public RouteDefinition Route { get; }

    public RouteStatus Status { get; }

    public RouteRunSettings Settings { get; }

    public FakeLogger<RouteRunner> RunnerLog { get; } = new();

    public FakeLogger<RouteSupervisor> SupervisorLog { get; } = new();

    public RouteSupervisor Supervisor { get; }

    /// <summary>How often the runner's watch loop looks at the stall watchdog.</summary>
    public TimeSpan TickInterval => Settings.StallCheckInterval;

    /// <summary>Restarts with delays that are easy to tell apart from the watch loop's ticks.</summary>
    public static RestartOptions FastRestart() => new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromMilliseconds(400),
        StableAfter = TimeSpan.FromSeconds(60),
    };

    /// <summary>Starts supervising and returns the first child once its watch loop is armed.</summary>
    public async Task<FakeChildProcess> StartAsync()
    {
        var mark = Time.TimerCount;
        Supervisor.Start();
        var child = await Launcher.WaitForChildAsync(1);
        await Time.WaitForTimerAsync(mark, TickInterval);
        return child;
    }

    /// <summary>Waits for the n-th child and for its watch loop (created after <paramref name="mark"/>).</summary>
    public async Task<FakeChildProcess> WaitForWatchedChildAsync(int count, int mark)
    {
        var child = await Launcher.WaitForChildAsync(count);
        await Time.WaitForTimerAsync(mark, TickInterval);
        return child;
    }

    /// <summary>Advances one watch-loop interval and waits until the loop has checked for a stall again.</summary>
    public async Task TickAsync()
    {
        var mark = Time.TimerCount;
        var interrupts = Launcher.TotalInterrupts;
        Time.Advance(TickInterval);
        await Eventually.True(
            () => Time.TimerCreatedSince(mark, TickInterval) || Launcher.TotalInterrupts > interrupts,
            "the watch loop to check for a stall");
    }

    /// <summary>
    /// Waits until a restart is scheduled after a real delay and returns the delay the supervisor announced
    /// (status and log) and the timer it armed. Task.Delay arms its timer in whole milliseconds, so the timer
    /// is the announced delay truncated to the millisecond.
    /// </summary>
    public async Task<ScheduledRestart> WaitForScheduledRestartAsync(int mark)
    {
        ScheduledRestart? scheduled = null;
        await Eventually.True(
            () =>
            {
                if (Status.State == RouteState.BackingOff && Status.Snapshot.CurrentBackoff is { } announced && announced > TimeSpan.Zero
                    && Time.TryFindTimerSince(mark, due => due <= announced && announced - due < TimeSpan.FromMilliseconds(1), out var timer))
                {
                    scheduled = new ScheduledRestart(announced, timer);
                    return true;
                }
                return false;
            },
            "a restart to be scheduled");
        return scheduled!;
    }

    /// <summary>Stops the supervisor whatever the test left behind: children that ignore SIGINT are made to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        var stopping = Supervisor.DisposeAsync().AsTask();
        await Eventually.True(
            () =>
            {
                foreach (var child in Launcher.Children)
                {
                    child.Exit(FakeChildProcess.ExitCodeAfterInterrupt);
                }
                return stopping.IsCompleted;
            },
            "the supervisor to stop");
        await stopping;
    }
}

internal sealed record ScheduledRestart(TimeSpan Announced, TimeSpan Timer);
