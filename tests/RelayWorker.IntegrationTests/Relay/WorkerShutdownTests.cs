using System.Diagnostics;
using Xunit.Abstractions;

namespace RelayWorker.IntegrationTests.Relay;

/// <summary>The worker owns its children: they stop with it, whichever way it stops.</summary>
[Collection(TestLanes.Main)]
public sealed class WorkerShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    [Fact(Timeout = 90_000)]
    public async Task Worker_Sigterm_StopsEveryChildWithinStopTimeoutPlusASecondAndExitsZero()
    {
        await using var sinkA = await SrtSink.StartAsync();
        await using var sinkB = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(TwoPatternRoutes(sinkA, sinkB));
        using var report = worker.ReportTo(output);
        await sinkA.WaitForBytesAsync(100_000, TimeSpan.FromSeconds(30));
        await sinkB.WaitForBytesAsync(100_000, TimeSpan.FromSeconds(30));
        var children = worker.FfmpegChildren();
        Assert.Equal(2, children.Count);

        var stopping = Stopwatch.StartNew();
        Assert.True(worker.Signal(UnixSignal.Terminate));
        await Poll.UntilAsync(() => children.All(pid => !ProcFs.IsAlive(pid)), StopTimeout + TimeSpan.FromSeconds(1),
            "every ffmpeg child gone within StopTimeout + 1 s");
        var childrenGoneAfter = stopping.Elapsed;
        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, exitCode);
        Assert.True(childrenGoneAfter <= StopTimeout + TimeSpan.FromSeconds(1), $"children gone after {childrenGoneAfter}");
        Assert.Contains("Stopped all 2 route(s)", worker.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Worker_Sigkill_LeavesNoFfmpegBehind()
    {
        await using var sinkA = await SrtSink.StartAsync();
        await using var sinkB = await SrtSink.StartAsync();
        await using var worker = WorkerProcess.Start(TwoPatternRoutes(sinkA, sinkB));
        using var report = worker.ReportTo(output);
        await sinkA.WaitForBytesAsync(100_000, TimeSpan.FromSeconds(30));
        await sinkB.WaitForBytesAsync(100_000, TimeSpan.FromSeconds(30));
        var children = worker.FfmpegChildren();
        Assert.Equal(2, children.Count);

        Assert.True(worker.Signal(UnixSignal.Kill));
        await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));

        // The kernel's parent-death signal ends them; nothing in the worker got to run.
        await Poll.UntilAsync(() => children.All(pid => !ProcFs.IsAlive(pid)), TimeSpan.FromSeconds(5),
            "no ffmpeg child alive after the worker was SIGKILLed");
    }

    private static IReadOnlyDictionary<string, string> TwoPatternRoutes(SrtSink a, SrtSink b) => new RouteEnvironment()
        .Set("Relay__StopTimeout", "00:00:03")
        .Route("a", "testsrc://a?size=320x240&rate=25", a.Url)
        .Route("b", "testsrc://b?size=320x240&rate=25", b.Url)
        .Build();
}
