using Microsoft.Extensions.Time.Testing;
using RelayWorker.Status;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Status;

public sealed class RouteStatusTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Uptime_WhileRunning_IsTimeSinceMediaStartedMoving()
    {
        var status = new RouteStatus("cam1", _time);
        status.ChildStarted(42, RouteStatusSteps.NewTracker());
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, status.Uptime);

        for (var second = 1; second <= 42; second++)
        {
            status.ProgressReceived(RouteStatusSteps.Block(second * 1_000_000L, 100), advanced: true);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(TimeSpan.FromSeconds(42), status.Uptime);
        Assert.True(status.IsStreaming);
    }

    [Fact]
    public void IsStreaming_MediaSilentLongerThanFreshWindow_IsFalseAndUptimeRestartsWhenMediaReturns()
    {
        var status = new RouteStatus("cam1", _time);
        status.ChildStarted(42, RouteStatusSteps.NewTracker());
        status.ProgressReceived(RouteStatusSteps.Block(1_000_000, 100), advanced: true);
        _time.Advance(TimeSpan.FromSeconds(30));

        // The process is alive (an RTMP server holding a player open) but media is frozen.
        status.ProgressReceived(RouteStatusSteps.Block(1_000_000, 100), advanced: false);
        Assert.Equal(RouteState.Running, status.State);
        Assert.False(status.IsStreaming);
        Assert.Equal(TimeSpan.Zero, status.Uptime);

        status.ProgressReceived(RouteStatusSteps.Block(2_000_000, 200), advanced: true);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(status.IsStreaming);
        Assert.Equal(TimeSpan.FromSeconds(2), status.Uptime);
    }

    [Fact]
    public void Uptime_AfterTheChildExits_IsZero()
    {
        var status = new RouteStatus("cam1", _time);
        status.ChildStarted(42, RouteStatusSteps.NewTracker());
        status.ProgressReceived(RouteStatusSteps.Block(1_000_000, 100), advanced: true);
        _time.Advance(TimeSpan.FromSeconds(30));

        status.ChildExited(1, "boom");
        status.BackingOff(RestartReason.Failed, TimeSpan.FromMilliseconds(250));

        Assert.Equal(TimeSpan.Zero, status.Uptime);
        Assert.False(status.IsStreaming);
    }

    [Fact]
    public void OutputBytes_AcrossRuns_NeverGoesDown()
    {
        var status = new RouteStatus("cam1", _time);
        status.ChildStarted(1, RouteStatusSteps.NewTracker());
        status.ProgressReceived(RouteStatusSteps.Block(1_000_000, 1_000), advanced: true);
        status.ProgressReceived(RouteStatusSteps.Block(2_000_000, 5_000), advanced: true);
        Assert.Equal(5_000, status.OutputBytes);

        status.ChildExited(1, null);
        status.BackingOff(RestartReason.Failed, TimeSpan.Zero);
        status.ChildStarted(2, RouteStatusSteps.NewTracker());
        Assert.Equal(5_000, status.OutputBytes);

        // The new ffmpeg counts from zero again; the route's total keeps growing.
        status.ProgressReceived(RouteStatusSteps.Block(500_000, 300), advanced: true);
        Assert.Equal(5_300, status.OutputBytes);

        // A smaller size within one run (N/A-then-value glitches) does not lower the total.
        status.ProgressReceived(RouteStatusSteps.Block(600_000, 200), advanced: true);
        Assert.Equal(5_300, status.OutputBytes);
    }

    [Fact]
    public void BackingOff_CountsRestartsByReasonAndShowsTheDelay()
    {
        var status = new RouteStatus("cam1", _time);

        status.BackingOff(RestartReason.StartFailed, TimeSpan.Zero);
        status.BackingOff(RestartReason.StartFailed, TimeSpan.FromMilliseconds(250));
        status.ChildStarted(7, RouteStatusSteps.NewTracker());
        status.BackingOff(RestartReason.Stalled, TimeSpan.FromMilliseconds(500));
        status.CountRestart(RestartReason.Reconfigured);

        Assert.Equal(new Dictionary<string, long> { ["start_failed"] = 2, ["stalled"] = 1, ["reconfigured"] = 1 }, status.Restarts);
        Assert.Equal(4, status.TotalRestarts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), status.CurrentBackoff);
    }

    [Fact]
    public void ChildStarted_ClearsTheLastRunsLiveValues()
    {
        var status = new RouteStatus("cam1", _time);
        status.ChildStarted(42, RouteStatusSteps.NewTracker());
        status.ProgressReceived(RouteStatusSteps.Block(1_000_000, 100), advanced: true);
        status.ChildExited(1, "[tcp] Connection refused");
        status.BackingOff(RestartReason.Failed, TimeSpan.FromSeconds(1));

        status.ChildStarted(99, RouteStatusSteps.NewTracker());

        Assert.Equal(99, status.ChildProcessId);
        Assert.Null(status.Progress);
        Assert.Null(status.CurrentBackoff);
        Assert.Null(status.StreamingSince);
        Assert.Equal(_time.GetUtcNow(), status.RunStartedAt);
        // What went wrong last time stays visible until something new happens.
        Assert.Equal(1, status.LastExitCode);
        Assert.Equal("[tcp] Connection refused", status.LastError);
    }

    [Fact]
    public void Describe_Route_KeepsOnlyRedactedUrls()
    {
        var status = new RouteStatus("cam1", _time);

        status.Describe(TestRoutes.Create(
            "rtmp://alice:pw-s3cret@src:1935/live/cam1",
            ["srt://sink:8890?passphrase=0123456789xyz", "rtmp://a.rtmp.youtube.com/live2/abcd-efgh"]));

        Assert.Equal("rtmp://***@src:1935/live/cam1", status.Source);
        Assert.Equal(["srt://sink:8890?passphrase=***", "rtmp://a.rtmp.youtube.com/live2/***"], status.Destinations);
        Assert.Equal("copy", status.Profile);
    }
}
