using Microsoft.Extensions.Logging.Testing;
using RelayWorker.FFmpeg;
using RelayWorker.Status;
using RelayWorker.Supervision;
using RelayWorker.Tests.Supervision.Fakes;
using RelayWorker.Tests.TestSupport;

namespace RelayWorker.Tests.Supervision;

/// <summary>A fifo destination whose muxer refuses the media: the run is killed and the next one bypasses the fifo.</summary>
public sealed class RouteRunnerRefusalTests
{
    private const string Refusal = "[flv @ 0x555d74943640] [error] Audio codec mp2 not compatible with flv";

    private readonly ObservableTimeProvider _time = new();
    private readonly FakeLogger<RouteRunner> _log = new();
    private readonly FakeChildProcessLauncher _launcher;
    private readonly RouteRunner _runner;

    public RouteRunnerRefusalTests()
    {
        _launcher = new FakeChildProcessLauncher(_time);
        _runner = new RouteRunner(_launcher, _time, _log);
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_FlvDestinationRefusesTheMedia_KillsTheRunAndTheNextRunWritesItWithoutFifo()
    {
        var route = TestRoutes.Create(source: "srt://encoder:9000", destinations: ["udp://127.0.0.1:5000", "rtmp://nginx/live/x"]);

        var first = _runner.RunAsync(route, new RouteStatus("cam1", _time), Settings(), CancellationToken.None);
        var child = await _launcher.WaitForChildAsync(1);
        child.WriteStderr(Refusal);
        var outcome = await first;

        Assert.Equal(1, child.KillCount);
        Assert.Equal(RestartReason.Failed, outcome.Reason);
        Assert.Contains(_log.Collector.GetSnapshot(), r => r.Id.Id == 2009);

        var second = _runner.RunAsync(route, new RouteStatus("cam1", _time), Settings(), CancellationToken.None);
        var next = await _launcher.WaitForChildAsync(2);
        Assert.Equal(FfmpegArguments.Build(route, new HashSet<int> { 1 }), next.Spec.Arguments);
        Assert.Contains("use_fifo=0", next.Spec.Arguments[^1], StringComparison.Ordinal);
        // Without a fifo the refusal ends in the tee closing that slave: nothing for the runner to do.
        next.WriteStderr(Refusal);
        Assert.Equal(0, next.KillCount);
        next.Exit(0);
        await second;
    }

    [Fact(Timeout = 10_000)]
    public async Task RunAsync_ReconfiguredRoute_StartsWithEveryDestinationBehindItsFifoAgain()
    {
        var route = TestRoutes.Create(source: "srt://encoder:9000", destinations: ["udp://127.0.0.1:5000", "rtmp://nginx/live/x"]);
        var first = _runner.RunAsync(route, new RouteStatus("cam1", _time), Settings(), CancellationToken.None);
        (await _launcher.WaitForChildAsync(1)).WriteStderr(Refusal);
        await first;

        var changed = TestRoutes.Create(source: "srt://encoder:9000", destinations: ["udp://127.0.0.1:5000", "rtmp://nginx/live/x"]);
        var second = _runner.RunAsync(changed, new RouteStatus("cam1", _time), Settings(), CancellationToken.None);
        var next = await _launcher.WaitForChildAsync(2);

        Assert.Equal(FfmpegArguments.Build(changed), next.Spec.Arguments);
        next.Exit(0);
        await second;
    }

    private static RouteRunSettings Settings() =>
        new("ffmpeg", TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), SupervisorHarness.FastRestart(), []) { StartTimeout = TimeSpan.FromHours(1) };
}
