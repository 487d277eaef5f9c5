using Microsoft.Extensions.Time.Testing;
using RelayWorker.FFmpeg;
using RelayWorker.Status;
using RelayWorker.Supervision;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Status;

public sealed class RouteStatusTransitionTests
{
    // The state machine as the status API documents it; pinned here so a change is a visible decision.
    private static readonly Dictionary<RouteState, RouteState[]> Allowed = new()
    {
        [RouteState.Stopped] = [RouteState.Starting, RouteState.Disabled, RouteState.Stopped, RouteState.BackingOff],
        [RouteState.Disabled] = [RouteState.Starting, RouteState.Stopped, RouteState.Disabled, RouteState.BackingOff],
        [RouteState.Starting] = [RouteState.Running, RouteState.Stalled, RouteState.BackingOff, RouteState.Stopped],
        [RouteState.Running] = [RouteState.Stalled, RouteState.BackingOff, RouteState.Stopped],
        [RouteState.Stalled] = [RouteState.BackingOff, RouteState.Stopped],
        [RouteState.BackingOff] = [RouteState.Starting, RouteState.Stopped, RouteState.BackingOff],
    };

    public static TheoryData<RouteState, RouteState, bool> EveryPair
    {
        get
        {
            var data = new TheoryData<RouteState, RouteState, bool>();
            foreach (var from in Enum.GetValues<RouteState>())
            {
                foreach (var to in Enum.GetValues<RouteState>())
                {
                    data.Add(from, to, Allowed[from].Contains(to));
                }
            }
            return data;
        }
    }

    public static TheoryData<RouteState, RouteState> AllowedPairs
    {
        get
        {
            var data = new TheoryData<RouteState, RouteState>();
            foreach (var (from, targets) in Allowed)
            {
                foreach (var to in targets)
                {
                    data.Add(from, to);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void CanMove_EveryPair_MatchesTheStateMachine(RouteState from, RouteState to, bool allowed)
    {
        Assert.Equal(allowed, RouteStatus.CanMove(from, to));
    }

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void Transition_Allowed_Works(RouteState from, RouteState to)
    {
        var status = StatusIn(from);

        Move(status, to);

        Assert.Equal(to, status.State);
    }

    [Theory]
    [InlineData(RouteState.Stopped, RouteState.Stalled)]
    [InlineData(RouteState.Disabled, RouteState.Stalled)]
    [InlineData(RouteState.Starting, RouteState.Starting)]
    [InlineData(RouteState.Starting, RouteState.Disabled)]
    [InlineData(RouteState.Running, RouteState.Starting)]
    [InlineData(RouteState.Running, RouteState.Disabled)]
    [InlineData(RouteState.Stalled, RouteState.Starting)]
    [InlineData(RouteState.Stalled, RouteState.Stalled)]
    [InlineData(RouteState.BackingOff, RouteState.Stalled)]
    [InlineData(RouteState.BackingOff, RouteState.Disabled)]
    public void Transition_Invalid_ThrowsAndKeepsTheState(RouteState from, RouteState to)
    {
        var status = StatusIn(from);

        var error = Assert.Throws<InvalidOperationException>(() => Move(status, to));

        Assert.Contains($"{from} -> {to}", error.Message, StringComparison.Ordinal);
        Assert.Equal(from, status.State);
    }

    [Theory]
    [InlineData(RouteState.Stopped)]
    [InlineData(RouteState.BackingOff)]
    [InlineData(RouteState.Running)]
    public void ProgressReceived_OutsideStarting_DoesNotMoveToRunning(RouteState from)
    {
        var status = StatusIn(from);

        status.ProgressReceived(Block(1_000_000, 10), advanced: true);

        Assert.Equal(from, status.State);
    }

    [Fact]
    public void ProgressReceived_StartingWithoutAdvance_StaysStarting()
    {
        var status = StatusIn(RouteState.Starting);

        status.ProgressReceived(Block(0, 0), advanced: false);

        Assert.Equal(RouteState.Starting, status.State);
        Assert.False(status.IsStreaming);
    }

    internal static RouteStatus StatusIn(RouteState state, TimeProvider? time = null)
    {
        var status = new RouteStatus("cam1", time ?? new FakeTimeProvider());
        switch (state)
        {
            case RouteState.Stopped:
                break;
            case RouteState.Disabled:
                status.Disabled();
                break;
            case RouteState.Starting:
                status.StartRun(42);
                break;
            case RouteState.Running:
                status.StartRun(42);
                status.ProgressReceived(Block(1_000_000, 100), advanced: true);
                break;
            case RouteState.Stalled:
                status.StartRun(42);
                status.MarkStalled();
                break;
            case RouteState.BackingOff:
                status.BackingOff(RestartReason.Failed, TimeSpan.FromSeconds(1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }
        Assert.Equal(state, status.State);
        return status;
    }

    private static void Move(RouteStatus status, RouteState to)
    {
        switch (to)
        {
            case RouteState.Starting:
                status.StartRun(43);
                break;
            case RouteState.Running:
                status.ProgressReceived(Block(2_000_000, 200), advanced: true);
                break;
            case RouteState.Stalled:
                status.MarkStalled();
                break;
            case RouteState.BackingOff:
                status.BackingOff(RestartReason.Exited, TimeSpan.FromSeconds(2));
                break;
            case RouteState.Stopped:
                status.Stopped();
                break;
            case RouteState.Disabled:
                status.Disabled();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(to));
        }
    }

    internal static DestinationTracker NewTracker() => new(["srt://sink:8890?pkt_size=1316"]);

    internal static ProgressSnapshot Block(long outTimeUs, long totalSize) =>
        new(Frame: 10, Fps: 25, BitrateKbps: 1000, totalSize, outTimeUs, DupFrames: 0, DropFrames: 0, Speed: 1, Ended: false);
}
