using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RelayWorker.FFmpeg;
using RelayWorker.Status;
using RelayWorker.Supervision;
using RelayWorker.Tests.Supervision.Fakes;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

[Collection(TimeoutGroup.Name)]
public sealed class RouteRunnerTests
{
    private const string StreamKey = "abcd-efgh-ijkl";
    private const string Passphrase = "canary-passphrase-123";

    private readonly ObservableTimeProvider _time = new();
    private readonly FakeLogger<RouteRunner> _log = new();
    private readonly FakeChildProcessLauncher _launcher;
    private readonly RouteRunner _runner;

    public RouteRunnerTests()
    {
        _launcher = new FakeChildProcessLauncher(_time);
        _runner = new RouteRunner(_launcher, _time, _log);
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_Route_StartsConfiguredFfmpegWithTheBuiltArgumentList()
    {
        var route = TestRoutes.Create(destinations: ["srt://sink:8890", "rtmp://sink/live/key;x"]);
        var settings = Settings(ffmpegPath: "/opt/ffmpeg/bin/ffmpeg");

        var run = _runner.RunAsync(route, new RouteStatus("cam1", _time), settings, CancellationToken.None);
        var child = await _launcher.WaitForChildAsync(1);
        child.Exit(0);
        var outcome = await run;

        Assert.Equal("/opt/ffmpeg/bin/ffmpeg", child.Spec.FileName);
        Assert.Equal(FfmpegArguments.Build(route), child.Spec.Arguments);
        Assert.Equal(new RunOutcome(RestartReason.Exited, 0, TimeSpan.Zero, StopRequested: false), outcome);
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_ChildRunsAWhile_ReportsTheRunDurationOnFakeTime()
    {
        var status = new RouteStatus("cam1", _time);

        var run = _runner.RunAsync(TestRoutes.Create(), status, Settings(), CancellationToken.None);
        var child = await _launcher.WaitForChildAsync(1);
        _time.Advance(TimeSpan.FromSeconds(42));
        child.Exit(1);
        var outcome = await run;

        Assert.Equal(TimeSpan.FromSeconds(42), outcome.Duration);
        Assert.Equal((RestartReason.Failed, 1), (outcome.Reason, outcome.ExitCode));
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_ProgressOnStdout_UpdatesTheRouteStatus()
    {
        var status = new RouteStatus("cam1", _time);

        var run = _runner.RunAsync(TestRoutes.Create(), status, Settings(), CancellationToken.None);
        var child = await _launcher.WaitForChildAsync(1);
        Assert.Equal(RouteState.Starting, status.State);
        child.WriteProgress(outTimeMicroseconds: 2_500_000, totalSizeBytes: 64_000, frame: 62, fps: "24.8", bitrate: "204.8kbits/s", speed: "1.01x");

        Assert.Equal(RouteState.Running, status.State);
        Assert.Equal(new ProgressSnapshot(62, 24.8, 204.8, 64_000, 2_500_000, 0, 0, 1.01, Ended: false), status.Snapshot.Progress);
        Assert.Equal(64_000, status.Snapshot.OutputBytes);
        child.Exit(0);
        await run;
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_StartedLogLine_ShowsTheCommandWithSecretsRedacted()
    {
        var route = TestRoutes.Create(destinations: [$"srt://sink:8890?passphrase={Passphrase}", $"rtmp://a.rtmp.youtube.com/live2/{StreamKey}"]);

        var run = _runner.RunAsync(route, new RouteStatus("cam1", _time), Settings(knownSecrets: [StreamKey, Passphrase]), CancellationToken.None);
        var child = await _launcher.WaitForChildAsync(1);
        child.Exit(0);
        await run;

        var started = Assert.Single(_log.Collector.GetSnapshot(), r => r.Id.Id == 2001);
        Assert.Contains("ffmpeg started", started.Message, StringComparison.Ordinal);
        Assert.Contains("-progress pipe:1", started.Message, StringComparison.Ordinal);
        Assert.All(_log.Collector.GetSnapshot(), r =>
        {
            Assert.DoesNotContain(StreamKey, r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Passphrase, r.Message, StringComparison.Ordinal);
        });
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_ErrorOnStderr_BecomesTheRedactedLastErrorLoggedAsError()
    {
        var status = new RouteStatus("cam1", _time);
        var route = TestRoutes.Create(destinations: [$"rtmp://a.rtmp.youtube.com/live2/{StreamKey}"]);

        var run = _runner.RunAsync(route, status, Settings(knownSecrets: [StreamKey]), CancellationToken.None);
        var child = await _launcher.WaitForChildAsync(1);
        child.WriteStderr("[info] Stream mapping:");
        child.WriteStderr($"[tls @ 0x5583] [error] Error opening output rtmp://a.rtmp.youtube.com/live2/{StreamKey}: I/O error");
        child.WriteStderr("[warning] a warning after the error");
        child.Exit(1);
        await run;

        Assert.Equal("[tls @ 0x5583] Error opening output rtmp://a.rtmp.youtube.com/live2/***: I/O error", status.Snapshot.LastError);
        var ffmpegLines = _log.Collector.GetSnapshot().Where(r => r.Id.Id == 2006).ToList();
        Assert.Equal([LogLevel.Debug, LogLevel.Error, LogLevel.Warning], ffmpegLines.Select(r => r.Level));
        Assert.DoesNotContain(ffmpegLines, r => r.Message.Contains(StreamKey, StringComparison.Ordinal));
    }

    [Fact(Timeout = 10_000)]
    public async Task StopChildAsync_ChildIgnoresSigint_SendsSigkillAfterStopTimeout()
    {
        var child = await StartIgnoringChildAsync();
        var mark = _time.TimerCount;

        var stopping = _runner.StopChildAsync("cam1", child, TimeSpan.FromSeconds(3));
        Assert.Equal(1, child.InterruptCount);
        await _time.WaitForTimerAsync(mark, TimeSpan.FromSeconds(3));
        _time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.Equal(0, child.KillCount);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await stopping;

        Assert.Equal(1, child.KillCount);
        Assert.Single(_log.Collector.GetSnapshot(), r => r.Id.Id == 2005 && r.Level == LogLevel.Warning);
    }

    [Fact(Timeout = 10_000)]
    public async Task StopChildAsync_ChildExitsOnSigint_IsNeverKilled()
    {
        var run = _runner.RunAsync(TestRoutes.Create(), new RouteStatus("cam1", _time), Settings(), CancellationToken.None);
        var child = await _launcher.WaitForChildAsync(1);

        await _runner.StopChildAsync("cam1", child, TimeSpan.FromSeconds(3));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal((1, 0), (child.InterruptCount, child.KillCount));
        Assert.Equal(RestartReason.Killed, (await run).Reason);
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_StopWithADestinationKnownDown_KillsAfterOneSecondInsteadOfStopTimeout()
    {
        _launcher.ChildrenIgnoreInterrupt = true;
        var route = TestRoutes.Create(destinations: ["srt://sink-a:8890", "srt://sink-b:8890"]);
        var status = new RouteStatus("cam1", _time);
        using var stop = new CancellationTokenSource();
        var run = _runner.RunAsync(route, status, Settings(), stop.Token);
        var child = await _launcher.WaitForChildAsync(1);
        child.WriteStderr("[fifo @ 0x55c72f2b76c0] [error] Error opening srt://sink-b:8890?pkt_size=1316: Input/output error");
        var mark = _time.TimerCount;

        await stop.CancelAsync();
        await _time.WaitForTimerAsync(mark, TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        var outcome = await run;

        Assert.True(outcome.StopRequested);
        Assert.Equal((1, 1), (child.InterruptCount, child.KillCount));
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_LinesWrittenAfterTheStopRequest_AreNeitherErrorsNorTheLastError()
    {
        var status = new RouteStatus("cam1", _time);
        using var stop = new CancellationTokenSource();
        _launcher.ChildrenIgnoreInterrupt = true;
        var run = _runner.RunAsync(TestRoutes.Create(), status, Settings(), stop.Token);
        var child = await _launcher.WaitForChildAsync(1);
        var mark = _time.TimerCount;

        await stop.CancelAsync();
        // Nothing streamed yet, so the grace is the short one.
        await _time.WaitForTimerAsync(mark, TimeSpan.FromSeconds(1));
        child.WriteStderr("[error] srt://mediamtx:8890?streamid=publish:cam1-srt: Immediate exit requested");
        child.Exit(1);
        await run;

        Assert.Null(status.Snapshot.LastError);
        Assert.DoesNotContain(_log.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    private async Task<FakeChildProcess> StartIgnoringChildAsync()
    {
        _launcher.ChildrenIgnoreInterrupt = true;
        _ = _runner.RunAsync(TestRoutes.Create(), new RouteStatus("cam1", _time), Settings(), CancellationToken.None);
        return await _launcher.WaitForChildAsync(1);
    }

    private static RouteRunSettings Settings(string ffmpegPath = "ffmpeg", IReadOnlyCollection<string>? knownSecrets = null) =>
        new(ffmpegPath, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), SupervisorHarness.FastRestart(), knownSecrets ?? [])
        {
            StartTimeout = TimeSpan.FromHours(1),
        };
}
