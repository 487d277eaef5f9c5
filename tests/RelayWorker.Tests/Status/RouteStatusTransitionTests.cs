using Microsoft.Extensions.Time.Testing;
using RelayWorker.Status;
using static RelayWorker.Tests.Status.RouteStatusSteps;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Status;

/// <summary>
/// The route life the status API shows, driven through the calls the supervisor makes (start, progress, stall,
/// exit, backoff, stop, disable, re-enable). Each test checks what an API reader sees after each step, and that a
/// call that makes no sense at that point of the life is refused without changing anything.
/// </summary>
public sealed class RouteStatusTransitionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RouteStatus _status;

    public RouteStatusTransitionTests() => _status = new RouteStatus("cam1", _time);

    [Fact]
    public void NewRoute_BeforeAnyCall_IsStoppedWithNothingRunning()
    {
        Assert.Equal(RouteState.Stopped, _status.State);
        Assert.Null(_status.Snapshot.ChildProcessId);
        Assert.Null(_status.Snapshot.CurrentBackoff);
        Assert.False(_status.IsStreaming);
        Assert.Empty(_status.Snapshot.Restarts);
    }

    [Fact]
    public void Start_ThenProgress_IsStartingUntilMediaAdvancesThenRunning()
    {
        _status.StartRun(42);
        Assert.Equal((RouteState.Starting, 42), (_status.State, _status.Snapshot.ChildProcessId));
        Assert.False(_status.IsStreaming);

        // ffmpeg reports blocks while it is still connecting; out_time standing still is not media.
        _status.ProgressReceived(Block(0, 0), advanced: false);
        Assert.Equal(RouteState.Starting, _status.State);

        _status.ProgressReceived(Block(1_000_000, 100), advanced: true);
        Assert.Equal(RouteState.Running, _status.State);
        Assert.True(_status.IsStreaming);
    }

    [Fact]
    public void Exit_ThenBackoff_ThenNewChild_ShowsTheDelayOnlyWhileWaiting()
    {
        StartAndStream();

        _status.ChildExited(1, "Connection refused");
        _status.BackingOff(RestartReason.Failed, TimeSpan.FromMilliseconds(250));

        Assert.Equal(RouteState.BackingOff, _status.State);
        Assert.Equal(TimeSpan.FromMilliseconds(250), _status.Snapshot.CurrentBackoff);
        Assert.Null(_status.Snapshot.ChildProcessId);
        Assert.Equal((1, "Connection refused"), (_status.Snapshot.LastExitCode, _status.Snapshot.LastError));
        Assert.Equal(new Dictionary<string, long> { [RestartReason.Failed] = 1 }, _status.Snapshot.Restarts);
        Assert.False(_status.IsStreaming);

        _status.StartRun(43);

        Assert.Equal((RouteState.Starting, 43), (_status.State, _status.Snapshot.ChildProcessId));
        Assert.Null(_status.Snapshot.CurrentBackoff);
        Assert.Equal(1, _status.Snapshot.LastExitCode);
    }

    [Fact]
    public void Stall_WhileRunning_IsShownUntilTheReplacementWaitsThenRestartsAsStalled()
    {
        StartAndStream();

        _status.MarkStalled();
        Assert.Equal(RouteState.Stalled, _status.State);
        Assert.False(_status.IsStreaming);

        _status.ChildExited(255, null);
        _status.BackingOff(RestartReason.Stalled, TimeSpan.Zero);
        _status.StartRun(43);
        _status.ProgressReceived(Block(500_000, 50), advanced: true);

        Assert.Equal(RouteState.Running, _status.State);
        Assert.Equal(new Dictionary<string, long> { [RestartReason.Stalled] = 1 }, _status.Snapshot.Restarts);
    }

    [Fact]
    public void Stall_BeforeAnyMedia_IsAllowed()
    {
        // A child that connects but never delivers media is stalled straight from Starting.
        _status.StartRun(42);

        _status.MarkStalled();

        Assert.Equal(RouteState.Stalled, _status.State);
    }

    [Fact]
    public void StartFailed_Repeatedly_StaysBackingOffAndCountsEachAttempt()
    {
        // ffmpeg could not even be started: no Starting comes between two waits.
        _status.BackingOff(RestartReason.StartFailed, TimeSpan.FromMilliseconds(250));
        _status.BackingOff(RestartReason.StartFailed, TimeSpan.FromMilliseconds(500));

        Assert.Equal(RouteState.BackingOff, _status.State);
        Assert.Equal(TimeSpan.FromMilliseconds(500), _status.Snapshot.CurrentBackoff);
        Assert.Equal(new Dictionary<string, long> { [RestartReason.StartFailed] = 2 }, _status.Snapshot.Restarts);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("run")]
    [InlineData("stall")]
    [InlineData("backoff")]
    public void Stop_FromAnyPointOfALife_IsStoppedWithoutChildOrDelayAndCanStartAgain(string reached)
    {
        Reach(reached);

        _status.Stopped();

        Assert.Equal(RouteState.Stopped, _status.State);
        Assert.Null(_status.Snapshot.ChildProcessId);
        Assert.Null(_status.Snapshot.CurrentBackoff);
        Assert.False(_status.IsStreaming);

        _status.StartRun(50);
        Assert.Equal(RouteState.Starting, _status.State);
    }

    [Fact]
    public void Stop_Twice_IsHarmless()
    {
        StartAndStream();

        _status.Stopped();
        _status.Stopped();

        Assert.Equal(RouteState.Stopped, _status.State);
    }

    [Fact]
    public void Disable_ThenReEnable_ShowsDisabledWithoutDestinationsThenStartsAgain()
    {
        StartAndStream();
        _status.Stopped();

        _status.Disabled();
        Assert.Equal(RouteState.Disabled, _status.State);
        Assert.Empty(_status.Snapshot.DestinationsAt(DateTimeOffset.UtcNow));
        Assert.False(_status.IsStreaming);

        _status.StartRun(44);
        _status.ProgressReceived(Block(1_000_000, 100), advanced: true);
        Assert.Equal(RouteState.Running, _status.State);
        Assert.NotEmpty(_status.Snapshot.DestinationsAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void ReEnable_WhenFfmpegCannotStart_GoesFromDisabledStraightToBackingOff()
    {
        _status.Disabled();

        _status.BackingOff(RestartReason.StartFailed, TimeSpan.FromMilliseconds(250));

        Assert.Equal(RouteState.BackingOff, _status.State);
    }

    [Theory]
    [InlineData("start", "disable", RouteState.Starting, RouteState.Disabled)]
    [InlineData("run", "disable", RouteState.Running, RouteState.Disabled)]
    [InlineData("backoff", "disable", RouteState.BackingOff, RouteState.Disabled)]
    [InlineData("start", "start", RouteState.Starting, RouteState.Starting)]
    [InlineData("run", "start", RouteState.Running, RouteState.Starting)]
    [InlineData("stall", "start", RouteState.Stalled, RouteState.Starting)]
    [InlineData("stall", "stall", RouteState.Stalled, RouteState.Stalled)]
    [InlineData("stopped", "stall", RouteState.Stopped, RouteState.Stalled)]
    [InlineData("disabled", "stall", RouteState.Disabled, RouteState.Stalled)]
    [InlineData("backoff", "stall", RouteState.BackingOff, RouteState.Stalled)]
    public void Call_ThatMakesNoSenseAtThatPoint_ThrowsAndChangesNothing(string reached, string call, RouteState from, RouteState to)
    {
        Reach(reached);
        Assert.Equal(from, _status.State);
        var pid = _status.Snapshot.ChildProcessId;

        var error = Assert.Throws<InvalidOperationException>(() => Call(call));

        Assert.Contains($"{from} -> {to}", error.Message, StringComparison.Ordinal);
        Assert.Equal((from, pid), (_status.State, _status.Snapshot.ChildProcessId));
    }

    [Theory]
    [InlineData("stopped")]
    [InlineData("backoff")]
    [InlineData("disabled")]
    public void Progress_WhenNoChildIsStarting_DoesNotMakeTheRouteRun(string reached)
    {
        Reach(reached);
        var before = _status.State;

        _status.ProgressReceived(Block(1_000_000, 10), advanced: true);

        Assert.Equal(before, _status.State);
        Assert.False(_status.IsStreaming);
    }

    private void StartAndStream()
    {
        _status.StartRun(42);
        _status.ProgressReceived(Block(1_000_000, 100), advanced: true);
    }

    // Only through the calls a supervisor makes, so every test starts from a point the service can really reach.
    private void Reach(string point)
    {
        switch (point)
        {
            case "stopped":
                break;
            case "disabled":
                _status.Disabled();
                break;
            case "start":
                _status.StartRun(42);
                break;
            case "run":
                StartAndStream();
                break;
            case "stall":
                StartAndStream();
                _status.MarkStalled();
                break;
            case "backoff":
                StartAndStream();
                _status.ChildExited(1, "boom");
                _status.BackingOff(RestartReason.Failed, TimeSpan.FromSeconds(1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(point), point, "unknown point of a route's life");
        }
    }

    private void Call(string call)
    {
        switch (call)
        {
            case "start":
                _status.StartRun(43);
                break;
            case "stall":
                _status.MarkStalled();
                break;
            case "disable":
                _status.Disabled();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(call), call, "unknown call");
        }
    }
}
