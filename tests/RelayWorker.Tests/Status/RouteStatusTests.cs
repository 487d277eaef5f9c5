using Microsoft.Extensions.Time.Testing;
using RelayWorker.Media;
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
        status.StartRun(42);
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
        status.StartRun(42);
        status.ProgressReceived(RouteStatusSteps.Block(1_000_000, 100), advanced: true);
        _time.Advance(TimeSpan.FromSeconds(30));

        // The process is alive (an RTMP server holding a player open) but media is frozen.
        status.ProgressReceived(RouteStatusSteps.Block(1_000_000, 100), advanced: false);
        Assert.Equal(RouteState.Running, status.State);
        Assert.False(status.IsStreaming);
        Assert.Equal(TimeSpan.Zero, status.Uptime);

        // Media runs again at a live pace: once the rate window holds only live samples, the route streams.
        for (var second = 2; second <= 7; second++)
        {
            status.ProgressReceived(RouteStatusSteps.Block(second * 1_000_000L, 200), advanced: true);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.True(status.IsStreaming);
        Assert.Equal(TimeSpan.FromSeconds(6), status.Uptime);
    }

    [Fact]
    public void ShownState_MediaClockStoppedForTwoSeconds_IsFrozenWithAReason()
    {
        var status = new RouteStatus("cam1", _time);
        status.StartRun(42);
        status.ProgressReceived(RouteStatusSteps.Block(1_000_000, 100), advanced: true);

        _time.Advance(TimeSpan.FromMilliseconds(1900));
        Assert.Equal(RouteState.Running, status.Snapshot.ShownStateAt(_time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMilliseconds(100));

        var snapshot = status.Snapshot;
        Assert.Equal(RouteState.Frozen, snapshot.ShownStateAt(_time.GetUtcNow()));
        Assert.Equal("media has not advanced for 2.0 s", snapshot.ProblemAt(_time.GetUtcNow())?.Reason);
        Assert.False(status.IsStreaming);
        Assert.Equal(RouteState.Running, status.State);
    }

    [Fact]
    public void ShownState_MediaAdvancingAtHalfSpeed_IsSlowOnceTheRateWindowIsCovered()
    {
        var status = new RouteStatus("cam1", _time);
        status.StartRun(42);
        for (var block = 1; block <= 6; block++)
        {
            // Half a second of media per second: a source that cannot keep up, or creeping timestamps.
            status.ProgressReceived(RouteStatusSteps.Block(block * 500_000L, 100), advanced: true);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        status.ProgressReceived(RouteStatusSteps.Block(3_500_000L, 100), advanced: true);

        var now = _time.GetUtcNow();
        Assert.Equal(RouteState.Slow, status.Snapshot.ShownStateAt(now));
        Assert.Equal("media advances at 0.50x real time", status.Snapshot.ProblemAt(now)?.Reason);
        Assert.False(status.IsStreaming);
    }

    [Fact]
    public void ShownState_HlsSourceBetweenSegments_IsNotFrozen()
    {
        var status = new RouteStatus("cam1", _time);
        status.Describe(TestRoutes.Create("https://cdn.example/live/index.m3u8"));
        status.StartRun(42);
        status.ProgressReceived(RouteStatusSteps.Block(6_000_000, 100), advanced: true);

        // A six-second segment arrives at once; the next one six seconds later.
        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.True(status.IsStreaming);
    }

    [Fact]
    public void Uptime_AfterTheChildExits_IsZero()
    {
        var status = Running();
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
        status.StartRun(1);
        status.ProgressReceived(RouteStatusSteps.Block(1_000_000, 1_000), advanced: true);
        status.ProgressReceived(RouteStatusSteps.Block(2_000_000, 5_000), advanced: true);
        Assert.Equal(5_000, status.Snapshot.OutputBytes);

        status.ChildExited(1, null);
        status.BackingOff(RestartReason.Failed, TimeSpan.Zero);
        status.StartRun(2);
        Assert.Equal(5_000, status.Snapshot.OutputBytes);

        // The new ffmpeg counts from zero again; the route's total keeps growing.
        status.ProgressReceived(RouteStatusSteps.Block(500_000, 300), advanced: true);
        Assert.Equal(5_300, status.Snapshot.OutputBytes);

        // A smaller size within one run (N/A-then-value glitches) does not lower the total.
        status.ProgressReceived(RouteStatusSteps.Block(600_000, 200), advanced: true);
        Assert.Equal(5_300, status.Snapshot.OutputBytes);
    }

    [Fact]
    public void BackingOff_CountsRestartsByReasonAndShowsTheDelay()
    {
        var status = new RouteStatus("cam1", _time);

        status.BackingOff(RestartReason.StartFailed, TimeSpan.Zero);
        status.BackingOff(RestartReason.StartFailed, TimeSpan.FromMilliseconds(250));
        status.StartRun(7);
        status.BackingOff(RestartReason.Stalled, TimeSpan.FromMilliseconds(500));
        status.CountRestart(RestartReason.Reconfigured);

        Assert.Equal(new Dictionary<string, long> { ["start_failed"] = 2, ["stalled"] = 1, ["reconfigured"] = 1 }, status.Snapshot.Restarts);
        Assert.Equal(4, status.Snapshot.TotalRestarts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), status.Snapshot.CurrentBackoff);
    }

    [Fact]
    public void ChildStarted_ClearsTheLastRunsLiveValues()
    {
        var status = Running();
        status.ChildExited(1, "[tcp] Connection refused");
        status.BackingOff(RestartReason.Failed, TimeSpan.FromSeconds(1));

        status.StartRun(99);

        Assert.Equal(99, status.Snapshot.ChildProcessId);
        Assert.Null(status.Snapshot.Progress);
        Assert.Null(status.Snapshot.CurrentBackoff);
        Assert.Null(status.Snapshot.StreamingSince);
        Assert.Equal(_time.GetUtcNow(), status.Snapshot.RunStartedAt);
        // What went wrong last time stays visible until something new happens.
        Assert.Equal(1, status.Snapshot.LastExitCode);
        Assert.Equal("[tcp] Connection refused", status.Snapshot.LastError);
    }

    [Fact]
    public void Describe_Route_KeepsOnlyRedactedUrls()
    {
        var status = new RouteStatus("cam1", _time);

        status.Describe(TestRoutes.Create(
            "rtmp://alice:pw-s3cret@src:1935/live/cam1",
            ["srt://sink:8890?passphrase=0123456789xyz", "rtmp://a.rtmp.youtube.com/live2/abcd-efgh"]));

        Assert.Equal("rtmp://***@src:1935/live/cam1", status.Snapshot.Source);
        Assert.Equal(["srt://sink:8890?passphrase=***", "rtmp://a.rtmp.youtube.com/live2/***"], status.Snapshot.Destinations.ToArray());
        Assert.Equal("copy", status.Snapshot.Profile);
    }

    [Fact]
    public void Describe_TestPatternWithCopy_ShowsTheEncodeItsCommandLineRuns()
    {
        var status = new RouteStatus("demo", _time);
        var route = TestRoutes.Create("testsrc://demo", ["srt://127.0.0.1:8890?mode=listener"], name: "demo");

        status.Describe(route);

        Assert.Equal("720p25", status.Snapshot.Profile);
        var output = Assert.Single(status.Snapshot.Outputs);
        Assert.Equal(("h264 720p 25 fps 1400 kbit/s", "aac 64 kbit/s"), (output.Video, output.Audio));
        // The same profile the argument builder encodes.
        Assert.Contains("1400k", RelayWorker.FFmpeg.FfmpegArguments.Build(route));
    }

    [Fact]
    public void Describe_CopyRouteWithARendition_ListsEveryOutput()
    {
        var status = new RouteStatus("cam1", _time);
        var route = TestRoutes.Create() with
        {
            Renditions = [new Rendition("low", ProfileCatalog.FindBuiltIn("144p1")!, ["srt://sink:9000"])],
        };

        status.Describe(route);

        Assert.Equal("main=copy, low=144p1", status.Snapshot.Profile);
        Assert.Equal(["copy", "h264 144p 1 fps 6 kbit/s"], status.Snapshot.Outputs.Select(o => o.Video));
    }

    private RouteStatus Running()
    {
        var status = new RouteStatus("cam1", _time);
        status.StartRun(42);
        status.ProgressReceived(RouteStatusSteps.Block(1_000_000, 100), advanced: true);
        Assert.Equal(RouteState.Running, status.State);
        return status;
    }
}
